import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export type RefreshTrigger = 'change' | 'start' | 'sweep' | 'redis-reconnected' | 'resync';
export type RefreshOutcome = 'written' | 'unchanged' | 'superseded';

export interface SyncMetrics {
  refreshes: Counter<'trigger' | 'outcome'>;
  errors: Counter<'stage'>;
  /** Batches given up on because their failure is permanent. */
  skippedBatches: Counter<'reason'>;
  /** Per lease: seconds with work in hand and no progress (read at scrape time, see watchLeases). */
  leaseStuckSeconds: Gauge<'lease'>;
  watchLeases(source: () => ReadonlyArray<{ leaseToken: string; stalledMs: number }>): void;
  /** From the moment a batch of category changes reached the handler to the invalidation published. */
  invalidationLatency: Histogram;
  version: Gauge;
}

export function createSyncMetrics(registry: Registry): SyncMetrics {
  let leases: () => ReadonlyArray<{ leaseToken: string; stalledMs: number }> = () => [];
  return {
    skippedBatches: new Counter({
      name: 'cache_sync_skipped_batches_total',
      help: 'Batches of catalog changes skipped because refreshing fails the same way on every retry',
      labelNames: ['reason'],
      registers: [registry],
    }),
    leaseStuckSeconds: new Gauge({
      name: 'cache_sync_lease_stuck_seconds',
      help: 'Per lease held here: seconds with work in hand and no progress (0 when idle or progressing)',
      labelNames: ['lease'],
      registers: [registry],
      collect() {
        this.reset();
        for (const l of leases()) this.set({ lease: l.leaseToken }, l.stalledMs / 1000);
      },
    }),
    watchLeases: (source) => {
      leases = source;
    },
    refreshes: new Counter({
      name: 'cache_sync_refreshes_total',
      help: 'Category cache refreshes by trigger and outcome (written, unchanged, superseded by a newer write)',
      labelNames: ['trigger', 'outcome'],
      registers: [registry],
    }),
    errors: new Counter({
      name: 'cache_sync_errors_total',
      help: 'Failures by stage (refresh, feed read, handler, checkpoint, lease operations); all are retried',
      labelNames: ['stage'],
      registers: [registry],
    }),
    invalidationLatency: new Histogram({
      name: 'cache_sync_invalidation_latency_seconds',
      help: 'From a batch of category changes read off the change feed to the invalidation published',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    version: new Gauge({
      name: 'cache_sync_cache_version',
      help: 'Version (catalog LSN) of the category list last written or found in the cache',
      registers: [registry],
    }),
  };
}
