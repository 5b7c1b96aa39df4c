// Keeps the Redis list equal to the store. Every refresh reads the categories from the store (a handful of
// documents, one single-partition query) rather than patching the cached list with the changes: the list
// written is then always a complete snapshot read after the change, whatever the cache held before (empty after
// a Redis restart, filled by the API, repaired by the sweep), and correctness never depends on delete payloads.
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import {
  buildList,
  encodeInvalidation,
  maxLsn,
  sameItems,
  type BatchPlan,
  type RedisCategoryCache,
  type WriteResult,
} from '@marquee/category-cache';
import type { CatalogRepository } from '@marquee/catalog-store';
import type { RefreshOutcome, RefreshTrigger, SyncMetrics } from './metrics.ts';

export interface RefresherDeps {
  cache: RedisCategoryCache;
  /** The connection that publishes invalidations (a normal connection; subscribers need their own). */
  redis: Redis;
  /** Where the category documents are read from (malformed ones are skipped there, with their reason). */
  catalog: CatalogRepository;
  channel: string;
  metrics: SyncMetrics;
  logger: Logger;
  now?: () => Date;
}

export class CacheRefresher {
  readonly #d: RefresherDeps;
  readonly #now: () => Date;
  /** Refreshes run one at a time: a sweep and a change never race each other inside one process. */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(deps: RefresherDeps) {
    this.#d = deps;
    this.#now = deps.now ?? (() => new Date());
  }

  /** After category changes: write the fresh list if it is newer than the cache (version from the changes). */
  async applyChanges(plan: BatchPlan, receivedAt = performance.now()): Promise<RefreshOutcome> {
    return await this.#serial('change', async () => {
      const docs = await this.#d.catalog.categoryDocuments();
      const version = Math.max(plan.lsn, maxLsn(docs));
      const result = await this.#d.cache.write(buildList(docs), { kind: 'newer', version }, this.#now());
      const outcome = await this.#settle('change', result, {
        upserted: plan.upserted,
        removed: plan.removed,
      });
      if (outcome === 'written')
        this.#d.metrics.invalidationLatency.observe((performance.now() - receivedAt) / 1000);
      return outcome;
    });
  }

  /**
   * Compares the cache with the store and repairs any difference: the start-up load, the periodic sweep
   * (latest-version mode cannot see hard deletes), a rebuild once Redis is back. The cache is read first and
   * the store second, so the store's list includes everything the cached one reflects; the repair then
   * replaces the cache only if it is still the one compared against (see decideWrite).
   */
  async reconcile(trigger: RefreshTrigger): Promise<RefreshOutcome> {
    return await this.#serial(trigger, async () => {
      const cached = await this.#d.cache.read();
      const docs = await this.#d.catalog.categoryDocuments();
      const items = buildList(docs);
      if (cached !== undefined && sameItems(cached.items, items)) {
        this.#d.metrics.version.set(cached.version);
        this.#d.metrics.refreshes.inc({ trigger, outcome: 'unchanged' });
        return 'unchanged';
      }
      const expected =
        cached === undefined ? undefined : { version: cached.version, writeId: cached.writeId };
      const result = await this.#d.cache.write(
        items,
        { kind: 'repair', version: maxLsn(docs), expected },
        this.#now(),
      );
      return await this.#settle(trigger, result, { repaired: cached !== undefined });
    });
  }

  /**
   * Publishes after a write; after a change, also when the write lost to a newer list: something else (a fill
   * after a miss, say) put that list there, and other API instances may still hold an older copy in memory.
   */
  async #settle(trigger: RefreshTrigger, result: WriteResult, context: object): Promise<RefreshOutcome> {
    const outcome: RefreshOutcome = result.written ? 'written' : 'superseded';
    if (result.version !== undefined) this.#d.metrics.version.set(result.version);
    this.#d.metrics.refreshes.inc({ trigger, outcome });
    if (result.version === undefined || result.writeId === undefined) return outcome;
    if (result.written || trigger === 'change') {
      const message = {
        version: result.version,
        writeId: result.writeId,
        writtenAt: this.#now().toISOString(),
      };
      await this.#d.redis.publish(this.#d.channel, encodeInvalidation({ ...message, reason: trigger }));
    }
    if (result.written) {
      this.#d.logger.info({ trigger, version: result.version, ...context }, 'category cache refreshed');
    } else {
      this.#d.logger.debug(
        { trigger, cachedVersion: result.version },
        'cache already as new; nothing written',
      );
    }
    return outcome;
  }

  async #serial<T>(trigger: RefreshTrigger, work: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(work, work);
    this.#queue = run.catch(() => undefined);
    try {
      return await run;
    } catch (err) {
      this.#d.metrics.errors.inc({ stage: `refresh-${trigger}` });
      throw err;
    }
  }
}
