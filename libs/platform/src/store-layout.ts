// Marquee's Cosmos DB layout: one database, five containers. Each partition key is chosen for how the
// container is written and read; see the README's "Event store" section.
import type { ContainerDefinition, CosmosClient, Database, IndexingPolicy } from '@azure/cosmos';
import { isConnectionString, type ResourceAddress } from './azure-clients.ts';

/**
 * `events` is append-only and read through the change feed, never by ad-hoc query on a hot path. So it
 * indexes only what an operator may query (type and event time); the rest of the document is excluded,
 * which keeps index maintenance, most of the write cost in RU, out of every append.
 */
export const EVENTS_INDEXING_POLICY: IndexingPolicy = {
  indexingMode: 'consistent',
  automatic: true,
  includedPaths: [{ path: '/type/?' }, { path: '/occurredAt/?' }],
  excludedPaths: [{ path: '/*' }, { path: '/"_etag"/?' }],
};

export const CONTAINERS = {
  /**
   * Partitioned by `/id` (the event id): writes spread evenly over every physical partition whatever the
   * traffic shape, a duplicate append collides on (id, partition key) and gets 409, and the only reads are
   * the change feed (all partitions) and point reads by id. A time- or region-based key would make the
   * current hour a hot partition.
   */
  events: { id: 'events', partitionKey: { paths: ['/id'] }, indexingPolicy: EVENTS_INDEXING_POLICY },
  /** Categories and movies; small, read whole by type. */
  // defaultTtl -1: nothing expires unless it says so; a soft-deleted category carries its own ttl.
  catalog: { id: 'catalog', partitionKey: { paths: ['/type'] }, defaultTtl: -1 },
  /** Materialized views, read by id (point reads). */
  views: { id: 'views', partitionKey: { paths: ['/id'] } },
  /** Change feed processor leases (the processor requires `/id`). */
  leases: { id: 'leases', partitionKey: { paths: ['/id'] } },
  /** Rejected events with their reasons; id derived from the Event Hubs position, so a replay is a 409. */
  deadletters: { id: 'deadletters', partitionKey: { paths: ['/id'] } },
  /**
   * One small document per running worker instance (its stage, lags and stalls) for the api's pipeline panel;
   * each carries a TTL (defaultTtl -1 turns per-item TTL on), so a dead instance's document expires.
   */
  status: { id: 'status', partitionKey: { paths: ['/id'] }, defaultTtl: -1 },
} satisfies Record<string, ContainerDefinition>;

export type ContainerName = keyof typeof CONTAINERS;

/** Creates the database and every container when missing; running it twice changes nothing. */
export async function ensureStore(client: CosmosClient, databaseId: string): Promise<Database> {
  const { database } = await client.databases.createIfNotExists({ id: databaseId });
  for (const definition of Object.values(CONTAINERS)) {
    await database.containers.createIfNotExists(definition);
  }
  return database;
}

/**
 * The database a service works in. With keys (the local stack, a key-based account) whatever is missing is
 * created; with Entra ID the data plane cannot create containers, so the infrastructure must have made them.
 */
export async function openStore(
  client: CosmosClient,
  config: { cosmos: ResourceAddress; cosmosDatabase: string },
): Promise<Database> {
  return isConnectionString(config.cosmos)
    ? await ensureStore(client, config.cosmosDatabase)
    : client.database(config.cosmosDatabase);
}
