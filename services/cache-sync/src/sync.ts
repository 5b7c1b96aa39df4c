// The moving parts behind cache-sync: the start-up load, the change feed (restarted from "now" when its
// continuation is too old), the reconcile sweep, and a rebuild whenever Redis comes back.
import type { Container } from '@azure/cosmos';
import type { Logger } from 'pino';
import {
  ensureLeaseContainer,
  type ChangeFeedObserver,
  type ChangeFeedProcessor,
} from '@marquee/change-feed-processor';
import { retry } from '@marquee/platform';
import type { CacheSyncConfig } from './config.ts';
import type { SyncClients } from './clients.ts';
import { createCategoryFeed, feedModeOf, isContinuationTooOld, resetLeases } from './feed.ts';
import type { RefreshTrigger, SyncMetrics } from './metrics.ts';
import type { CacheRefresher } from './refresher.ts';

/** Waits a little for the first connection, so the start-up load does not fail just for being early. */
async function untilReady(redis: SyncClients['redis'], timeoutMs: number): Promise<void> {
  if (redis.status === 'ready') return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(done, timeoutMs);
    redis.once('ready', done);
    function done(): void {
      clearTimeout(timer);
      redis.off('ready', done);
      resolve();
    }
  });
}

export class Sync {
  current: ChangeFeedProcessor | undefined;
  readonly #config: CacheSyncConfig;
  readonly #log: Logger;
  readonly #clients: SyncClients;
  readonly #refresher: CacheRefresher;
  readonly #metrics: SyncMetrics;
  readonly #stop = new AbortController();
  readonly #seen = new Set<string>();
  #leases: Container | undefined;
  #sweep: NodeJS.Timeout | undefined;
  #resyncing: Promise<void> | undefined;
  #resyncWanted = false;
  /** True while a processor is being started (or replaced): it must not be stopped meanwhile. */
  #feedBusy = false;
  /** Bumped for each processor started, so late reports from a replaced one are ignored. */
  #generation = 0;
  /** Set when Redis dropped or a reconcile failed: the next `ready` rebuilds the cache. */
  #needsRebuild = false;

  constructor(
    config: CacheSyncConfig,
    log: Logger,
    clients: SyncClients,
    refresher: CacheRefresher,
    metrics: SyncMetrics,
  ) {
    this.#config = config;
    this.#log = log;
    this.#clients = clients;
    this.#refresher = refresher;
    this.#metrics = metrics;
  }

  async start(): Promise<void> {
    const { redis } = this.#clients;
    redis.on('close', () => (this.#needsRebuild = true));
    redis.on('ready', () => {
      if (!this.#needsRebuild) return;
      this.#needsRebuild = false;
      this.#log.info('redis is back; rebuilding the category cache');
      void this.#reconcile('redis-reconnected');
    });
    // Warm the cache at once, then follow the feed; the store and the lease container may still be starting.
    await this.#untilDone('start-up', async () => {
      this.#leases = await ensureLeaseContainer(
        this.#clients.cosmos.database(this.#config.cosmosDatabase),
        this.#config.leaseContainer,
      );
    });
    await untilReady(redis, 3_000);
    await this.#reconcile('start');
    await this.#startFeed('start');
    if (this.#config.reconcileIntervalMs > 0) {
      this.#sweep = setInterval(() => void this.#reconcile('sweep'), this.#config.reconcileIntervalMs);
    }
  }

  /** Starts the processor, waits until each lease has read once, then loads again: nothing falls in between. */
  async #startFeed(trigger: RefreshTrigger): Promise<void> {
    if (this.#stop.signal.aborted) return; // closing (during a resync, say): no new processor to stop again
    this.#seen.clear();
    const generation = ++this.#generation;
    const processor = createCategoryFeed({
      config: this.#config,
      catalog: this.#clients.catalog,
      leases: this.#leases!,
      refresher: this.#refresher,
      metrics: this.#metrics,
      observer: this.#observer(generation),
      logger: this.#log.child({ part: 'feed' }),
    });
    this.current = processor;
    this.#feedBusy = true;
    try {
      await this.#untilDone('change feed start', () => processor.start());
      const deadline = Date.now() + 10_000;
      while (Date.now() < deadline && !this.#stop.signal.aborted && !this.#resyncWanted) {
        const leases = processor.getStatus().leases;
        if (leases.length > 0 && leases.every((l) => this.#seen.has(l.leaseToken))) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      await this.#reconcile(trigger);
    } finally {
      this.#feedBusy = false;
    }
    if (this.#resyncWanted) this.#resync();
  }

  /** Reports of a processor replaced by a resync are ignored (`generation`). */
  #observer(generation: number): ChangeFeedObserver {
    const mode = feedModeOf(this.#config);
    const current = (): boolean => generation === this.#generation;
    return {
      idle: (e) => current() && this.#seen.add(e.leaseToken),
      batchProcessed: (e) => current() && this.#seen.add(e.leaseToken),
      handlerFailed: () => this.#metrics.errors.inc({ stage: 'handler' }),
      operationFailed: (e) => {
        this.#metrics.errors.inc({ stage: `feed-${e.operation}` });
        if (!current() || e.operation !== 'read' || !isContinuationTooOld(e.error, mode)) return;
        this.#resyncWanted = true;
        // Never stop a processor in the middle of its start(): the resync runs once the start is over.
        if (!this.#feedBusy) this.#resync();
      },
    };
  }

  /** The saved position is past the feed's retention: start over from "now" after a full load. */
  #resync(): void {
    if (this.#resyncing !== undefined || this.#stop.signal.aborted) return;
    this.#log.warn('change feed continuation too old to resume; reloading the cache and starting from now');
    this.#resyncWanted = false;
    this.#feedBusy = true;
    this.#generation += 1;
    this.#resyncing = (async () => {
      await this.current?.stop();
      const removed = await resetLeases(
        this.#leases!,
        this.#clients.catalog,
        this.#config.processorName,
        feedModeOf(this.#config),
      );
      this.#log.info({ removed }, 'leases reset');
      await this.#startFeed('resync');
    })()
      .catch((err: unknown) => {
        this.#feedBusy = false;
        this.#log.error({ err }, 'resync failed');
      })
      .finally(() => {
        this.#resyncing = undefined;
        if (this.#resyncWanted && !this.#feedBusy) this.#resync();
      });
  }

  async #reconcile(trigger: RefreshTrigger): Promise<void> {
    try {
      await this.#refresher.reconcile(trigger);
    } catch (err) {
      // Redis or the store is down: the sweep, the next change or Redis' return will try again.
      this.#needsRebuild = true;
      this.#log.warn({ err, trigger }, 'reconcile failed');
    }
  }

  async #untilDone(what: string, fn: () => Promise<void>): Promise<void> {
    await retry(fn, {
      retries: Number.POSITIVE_INFINITY,
      baseMs: 200,
      maxMs: 5_000,
      isRetryable: () => true,
      signal: this.#stop.signal,
      onRetry: (err, attempt) => this.#log.warn({ err, attempt }, `${what} failed; retrying`),
    });
  }

  async close(): Promise<void> {
    this.#stop.abort(new Error('cache-sync stopping'));
    clearInterval(this.#sweep);
    await this.#resyncing;
    await this.current?.stop();
  }
}
