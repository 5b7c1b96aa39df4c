// What main.ts and rebuild.ts both build from the config: the Cosmos containers, the view doc writer, the
// processor settings. Kept here so the two entry points cannot drift apart.
import type { Container, CosmosClient, Database } from '@azure/cosmos';
import { CONTAINERS, openStore } from '@marquee/platform';
import type { ProjectorConfig } from './config.ts';
import type { ProjectorMetrics } from './metrics.ts';
import type { ProcessorSettings } from './projection/index.ts';
import { BulkWrites, VersionedStore, ViewStores } from './store/index.ts';
import { kindOfStoredId, type StoredRanking, type StoredViewDoc, type ViewWritersDoc } from '@marquee/domain';

export interface Containers {
  database: Database;
  events: Container;
  views: Container;
  leases: Container;
  catalog: Container;
  /** Ingest's dead letters; the projector adds the orders it sets aside (stage: 'projector'). */
  deadletters: Container;
  /** Each replica's status document (lags, stalls) for the api's pipeline panel. */
  status: Container;
}

/** The containers the projector works with (see `openStore` for who creates them). */
export async function openContainers(client: CosmosClient, config: ProjectorConfig): Promise<Containers> {
  const database = await openStore(client, config);
  return {
    database,
    events: database.container(CONTAINERS.events.id),
    views: database.container(CONTAINERS.views.id),
    leases: database.container(CONTAINERS.leases.id),
    catalog: database.container(CONTAINERS.catalog.id),
    deadletters: database.container(CONTAINERS.deadletters.id),
    status: database.container(CONTAINERS.status.id),
  };
}

export function processorSettings(config: ProjectorConfig): ProcessorSettings {
  return {
    ...config.processor,
    // Handlers in flight get most of the grace period to finish and checkpoint.
    stopTimeoutMs: Math.max(1_000, Math.min(15_000, config.graceMs - 3_000)),
  };
}

/** The views container's stores; writes and 412/409 retries are counted per view (read off the stored id). */
export function viewStores(views: Container, metrics: ProjectorMetrics): ViewStores {
  // Partials and rankings of every view and lease of this process are written in shared bulk calls.
  const bulk = new BulkWrites(views);
  return new ViewStores(
    {
      docs: new VersionedStore<StoredViewDoc>(views, bulk),
      rankings: new VersionedStore<StoredRanking>(views, bulk),
      writers: new VersionedStore<ViewWritersDoc>(views),
    },
    {
      onConflict: (id) => metrics.writeConflicts.inc({ view: kindOfStoredId(id) ?? 'unknown' }),
      onWrite: (id, result) => metrics.viewWrites.inc({ view: kindOfStoredId(id) ?? 'unknown', result }),
    },
  );
}
