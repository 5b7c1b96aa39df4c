// The cache-sync app: start-up load, the change feed, the reconcile sweep, a rebuild when Redis comes back,
// and the ops endpoints. Long-lived: start with startCacheSync(), stop with close(). It uses the clients it is
// given and leaves them open: whoever created them (main.ts, a test) closes them after this.
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { ChangeFeedProcessor } from '@marquee/change-feed-processor';
import { CatalogRepository, invalidDocumentReporter } from '@marquee/catalog-store';
import { RedisCategoryCache } from '@marquee/category-cache';
import {
  CONTAINERS,
  createRegistry,
  Degraded,
  leaseUnits,
  OpsServer,
  StageStatusReporter,
} from '@marquee/platform';
import type { CacheSyncConfig } from './config.ts';
import type { SyncClients } from './clients.ts';
import { createSyncMetrics, type RefreshOutcome, type RefreshTrigger } from './metrics.ts';
import { CacheRefresher } from './refresher.ts';
import { Sync } from './sync.ts';

export interface CacheSyncOptions {
  registry?: Registry;
  now?: () => Date;
}

export interface CacheSync {
  /** The port the ops server listens on (OPS_PORT, or the one picked when it is 0). */
  readonly opsPort: number;
  readonly refresher: CacheRefresher;
  processor(): ChangeFeedProcessor;
  /** Runs a reconcile now (what the sweep does). */
  reconcile(trigger?: RefreshTrigger): Promise<RefreshOutcome>;
  close(): Promise<void>;
}

export async function startCacheSync(
  config: CacheSyncConfig,
  clients: SyncClients,
  logger: Logger,
  options: CacheSyncOptions = {},
): Promise<CacheSync> {
  const registry = options.registry ?? createRegistry('cache-sync');
  const metrics = createSyncMetrics(registry);
  const cache = new RedisCategoryCache(clients.redis, {
    prefix: config.cachePrefix,
    ttlSeconds: config.cacheTtlSeconds,
  });
  const refresher = new CacheRefresher({
    cache,
    redis: clients.redis,
    catalog: new CatalogRepository(clients.catalog, {
      onInvalid: invalidDocumentReporter(registry, logger.child({ part: 'catalog' })),
    }),
    channel: config.invalidationChannel,
    metrics,
    logger: logger.child({ part: 'refresher' }),
    ...(options.now ? { now: options.now } : {}),
  });
  const sync = new Sync(config, logger, clients, refresher, metrics);
  const ops = new OpsServer({
    port: config.opsPort,
    host: config.opsHost,
    registry,
    logger,
    checks: {
      redis: async () => {
        if ((await clients.redis.ping()) !== 'PONG') throw new Error('no PONG');
      },
      cosmos: async () => void (await clients.catalog.read()),
      feed: async () => {
        const state = sync.current?.getStatus().state ?? 'stopped';
        if (state !== 'running') throw new Error(`change feed processor is ${state}`);
        return `${sync.current?.getStatus().leases.length ?? 0} leases`;
      },
      progress: async () => {
        const stalled = (sync.current?.getStatus().leases ?? []).filter((l) => l.stalled);
        if (stalled.length === 0) return undefined;
        const list = stalled.map((l) => `lease ${l.leaseToken} for ${Math.round(l.stalledMs / 1000)} s`);
        throw new Degraded(`no progress: ${list.join('; ')}`);
      },
    },
  });
  metrics.watchLeases(() => sync.current?.getStatus().leases ?? []);
  // The api's pipeline panel reads this instance's lease lags and stalls from the `status` container.
  const status = new StageStatusReporter({
    container: clients.cosmos.database(config.cosmosDatabase).container(CONTAINERS.status.id),
    stage: 'cache-sync',
    instance: config.instanceName,
    units: () => leaseUnits(sync.current?.getStatus().leases ?? []),
    intervalMs: config.statusIntervalMs,
    logger,
  });
  const opsPort = await ops.start();
  try {
    await sync.start();
  } catch (err) {
    await ops.close();
    await sync.close();
    throw err;
  }
  status.start();
  logger.info(
    { opsPort, mode: config.mode, reconcileIntervalMs: config.reconcileIntervalMs },
    'cache-sync started',
  );
  return {
    opsPort,
    refresher,
    processor: () => sync.current!,
    reconcile: (trigger = 'sweep') => refresher.reconcile(trigger),
    async close() {
      ops.drain();
      await status.close();
      await sync.close();
      await ops.close();
    },
  };
}
