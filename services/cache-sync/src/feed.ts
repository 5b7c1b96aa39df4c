// The change feed side: a processor on the catalog container whose handler turns each batch of category
// changes into one refresh. Movies share the container; their changes are skipped without a store read.
import type { Container } from '@azure/cosmos';
import type { Logger } from 'pino';
import {
  createChangeFeedProcessor,
  deleteLeases,
  type ChangeFeedContext,
  type ChangeFeedObserver,
  type ChangeFeedProcessor,
} from '@marquee/change-feed-processor';
import { planBatch, type FeedMode } from '@marquee/category-cache';
import { isPermanentFailure, statusOf } from '@marquee/platform';
import type { CacheSyncConfig } from './config.ts';
import type { SyncMetrics } from './metrics.ts';
import type { CacheRefresher } from './refresher.ts';

export const feedModeOf = (config: Pick<CacheSyncConfig, 'mode'>): FeedMode =>
  config.mode === 'all-versions' ? 'allVersionsAndDeletes' : 'latestVersion';

export interface FeedDeps {
  config: CacheSyncConfig;
  catalog: Container;
  leases: Container;
  refresher: CacheRefresher;
  metrics: SyncMetrics;
  observer: ChangeFeedObserver;
  logger: Logger;
}

export function categoryHandler(refresher: CacheRefresher, mode: FeedMode, metrics: SyncMetrics) {
  return async (changes: unknown[], context: ChangeFeedContext): Promise<void> => {
    const receivedAt = performance.now();
    const plan = planBatch(changes, mode, context.lsn.maxLsn);
    if (!plan.refresh) return;
    try {
      await refresher.applyChanges(plan, receivedAt);
    } catch (err) {
      // Redis or the store down: thrown, so the processor retries the batch with backoff and does not
      // checkpoint it; the change is applied once the dependency is back (a long outage shows in /readyz).
      if (!isPermanentFailure(err)) throw err;
      // A failure every retry would meet again (a document the list cannot be built from): retrying would
      // stall the feed for good. The batch is skipped with its reason; the next change or the sweep
      // refreshes the cache again, which succeeds once the document is fixed.
      metrics.skippedBatches.inc({ reason: err instanceof Error ? err.name : 'unknown' });
      context.logger.error(
        { err, lsn: context.lsn, upserted: plan.upserted, removed: plan.removed },
        'category changes skipped: refreshing the cache fails the same way on every retry',
      );
    }
  };
}

export function createCategoryFeed(deps: FeedDeps): ChangeFeedProcessor {
  const { config } = deps;
  const common = {
    monitoredContainer: deps.catalog,
    leaseContainer: deps.leases,
    processorName: config.processorName,
    instanceName: config.instanceName,
  };
  const options = {
    pollIntervalMs: config.pollIntervalMs,
    leaseAcquireIntervalMs: config.leaseAcquireIntervalMs,
    // Short backoff: while Redis is down a batch is retried, and the cache should catch up soon after it is back.
    retry: { initialMs: 100, maxMs: 2_000 },
    stopTimeoutMs: 5_000,
    stallThresholdMs: config.stallThresholdMs,
    logger: deps.logger,
    metrics: deps.observer,
  };
  const mode = feedModeOf(config);
  const handler = categoryHandler(deps.refresher, mode, deps.metrics);
  if (mode === 'allVersionsAndDeletes') {
    return createChangeFeedProcessor<unknown, 'allVersionsAndDeletes'>({
      ...common,
      handler,
      options: { ...options, mode, startFrom: 'now' },
    });
  }
  // From the beginning for a new lease: the replay only re-confirms versions the start-up load wrote.
  return createChangeFeedProcessor<unknown, 'latestVersion'>({
    ...common,
    handler,
    options: { ...options, mode, startFrom: 'beginning' },
  });
}

/**
 * The all-versions feed is kept for a retention period only; a continuation older than that cannot resume
 * (the service, and our emulator, answer 400). Then the processor's leases must start over from "now", after a
 * full load. Latest-version continuations never expire.
 */
export function isContinuationTooOld(error: unknown, mode: FeedMode): boolean {
  if (mode !== 'allVersionsAndDeletes' || typeof error !== 'object' || error === null) return false;
  const status = statusOf(error);
  if (status === 410)
    return /retention|too old|outside/i.test(String((error as { message?: unknown }).message));
  return status === 400;
}

/** Deletes the processor's lease documents so that the next start reads from "now". */
export async function resetLeases(
  leases: Container,
  catalog: Container,
  processorName: string,
  mode: FeedMode,
): Promise<number> {
  return deleteLeases({ leases, monitored: catalog, processorName, mode });
}
