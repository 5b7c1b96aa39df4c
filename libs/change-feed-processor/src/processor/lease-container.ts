// Creating the lease container is the application's call; this helper makes it a one-liner.
import type { Container, Database } from '@azure/cosmos';

/**
 * Returns the lease container `id` in `database`, creating it with partition key `/id` (one logical partition
 * per lease document, so every lease write is a single-document operation) when it does not exist.
 */
export async function ensureLeaseContainer(database: Database, id: string): Promise<Container> {
  const { container } = await database.containers.createIfNotExists({
    id,
    partitionKey: { paths: ['/id'] },
  });
  return container;
}
