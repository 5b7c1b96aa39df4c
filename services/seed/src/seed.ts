import type { CosmosClient, JSONObject } from '@azure/cosmos';
import { generateCatalog } from '@marquee/domain';
import { CONTAINERS, createDocuments, ensureStore } from '@marquee/platform';
import pino, { type Logger } from 'pino';

export interface SeedResult {
  created: number;
  alreadyThere: number;
}

/**
 * Creates the database and its containers, then the catalog documents that are missing. Existing
 * documents are left as they are, even when edited since (an admin renamed a category, say), so running
 * it twice changes nothing and writes nothing to the catalog's change feed.
 */
export async function seed(
  client: CosmosClient,
  databaseId: string,
  logger: Logger = pino({ level: 'silent' }),
  options: { createContainers?: boolean } = {},
): Promise<SeedResult> {
  // With Entra ID the data plane cannot create databases or containers: infrastructure makes them.
  const database =
    options.createContainers === false ? client.database(databaseId) : await ensureStore(client, databaseId);
  const { categories, movies } = generateCatalog();
  const documents = [...categories, ...movies] as unknown as JSONObject[];
  const outcomes = await createDocuments(database.container(CONTAINERS.catalog.id), documents, {
    signal: AbortSignal.timeout(120_000),
    logger,
  });
  const refused = outcomes.filter((o) => o.kind === 'refused');
  if (refused.length > 0) throw new Error(`seeding the catalog failed: ${JSON.stringify(refused[0])}`);
  return {
    created: outcomes.filter((o) => o.kind === 'created').length,
    alreadyThere: outcomes.filter((o) => o.kind === 'exists').length,
  };
}
