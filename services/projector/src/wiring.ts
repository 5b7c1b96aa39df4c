// What main.ts and rebuild.ts both build from the config: the Cosmos containers, the view doc writer, the
// processor settings. Kept here so the two entry points cannot drift apart.
import type { Container, CosmosClient, Database } from '@azure/cosmos';
import { ensureLeaseContainer } from '@marquee/change-feed-processor';
import { CONTAINERS, ensureStore } from '@marquee/platform';
import type { ProjectorConfig } from './config.ts';
import type { ProjectorMetrics } from './metrics.ts';
import type { ProcessorSettings } from './projection/index.ts';
import { DocWriter, VersionedStore } from './store/index.ts';
import { kindOfStoredId, type StoredViewDoc } from '@marquee/domain';

export interface Containers {
  database: Database;
  events: Container;
  views: Container;
  leases: Container;
  catalog: Container;
  /** Ingest's dead letters; the projector adds the orders it sets aside (stage: 'projector'). */
  deadletters: Container;
}

/**
 * With keys (the local stack, a key-based account) missing containers are created; with Entra ID the data
 * plane cannot create them, so the infrastructure must have.
 */
export async function openContainers(client: CosmosClient, config: ProjectorConfig): Promise<Containers> {
  const keyed = config.cosmos.name === 'COSMOS_CONNECTION_STRING';
  const database = keyed
    ? await ensureStore(client, config.cosmosDatabase)
    : client.database(config.cosmosDatabase);
  const leases = keyed
    ? await ensureLeaseContainer(database, CONTAINERS.leases.id)
    : database.container(CONTAINERS.leases.id);
  return {
    database,
    events: database.container(CONTAINERS.events.id),
    views: database.container(CONTAINERS.views.id),
    leases,
    catalog: database.container(CONTAINERS.catalog.id),
    deadletters: database.container(CONTAINERS.deadletters.id),
  };
}

export function processorSettings(config: ProjectorConfig): ProcessorSettings {
  return {
    ...config.processor,
    // Handlers in flight get most of the grace period to finish and checkpoint.
    stopTimeoutMs: Math.max(1_000, Math.min(15_000, config.graceMs - 3_000)),
  };
}

/** The view doc writer; writes and 412/409 retries are counted per view (read off the stored id). */
export function viewWriter(views: Container, metrics: ProjectorMetrics): DocWriter<StoredViewDoc> {
  return new DocWriter<StoredViewDoc>(new VersionedStore<StoredViewDoc>(views), {
    onConflict: (id) => metrics.writeConflicts.inc({ view: kindOfStoredId(id) ?? 'unknown' }),
    onWrite: (id, result) => metrics.viewWrites.inc({ view: kindOfStoredId(id) ?? 'unknown', result }),
  });
}
