import type { CosmosClient, OperationInput } from '@azure/cosmos';
import { generateCatalog } from '@marquee/domain';
import { ensureStore } from '@marquee/platform';

export interface SeedResult {
  created: number;
  alreadyThere: number;
}

/**
 * Creates the database and its containers, then the catalog documents that are missing. Existing
 * documents are left as they are, even when edited since (an admin renamed a category, say), so running
 * it twice changes nothing and writes nothing to the catalog's change feed.
 */
export async function seed(client: CosmosClient, databaseId: string): Promise<SeedResult> {
  const database = await ensureStore(client, databaseId);
  const catalog = database.container('catalog');
  const { categories, movies } = generateCatalog();
  const documents = [...categories, ...movies];
  const result: SeedResult = { created: 0, alreadyThere: 0 };
  for (let i = 0; i < documents.length; i += 100) {
    const operations: OperationInput[] = documents
      .slice(i, i + 100)
      .map((doc) => ({ operationType: 'Create', partitionKey: doc.type, resourceBody: { ...doc } }));
    const results = await catalog.items.executeBulkOperations(operations);
    for (const r of results) {
      const status = r.response?.statusCode ?? r.error?.code;
      if (status === 201) result.created++;
      else if (status === 409) result.alreadyThere++;
      else throw new Error(`seeding the catalog failed: ${status} ${r.error?.message ?? ''}`);
    }
  }
  return result;
}
