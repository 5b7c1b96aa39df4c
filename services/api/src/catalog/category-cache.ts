import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { Counter, Histogram } from 'prom-client';
import { CategoryReader, RedisCategoryCache, type ReadSource } from '@marquee/category-cache';

/** Hit counts since start, for the dashboard (the same figures are on /metrics). */
export interface CacheStats {
  reads: Record<ReadSource, number>;
  storeReads: number;
  invalidations: number;
  cacheErrors: number;
}

export interface CategoryCachePart {
  reader: CategoryReader;
  cache: RedisCategoryCache;
  stats: CacheStats;
  /** Calls `listener` whenever cache-sync says the list changed (after this process dropped its copy). */
  onInvalidated(listener: () => void): void;
}

declare module 'fastify' {
  interface FastifyInstance {
    categoryCache: CategoryCachePart;
  }
}

/**
 * The category cache as the API reads it: L1 copy → Redis → store. A dedicated subscriber connection hears
 * cache-sync's invalidations; the API itself only fills Redis after a miss (compare-and-set, never over a newer
 * list) and never refreshes it on writes: the change feed does.
 */
async function categoryCache(app: FastifyInstance): Promise<void> {
  const stats: CacheStats = {
    reads: { 'HIT-L1': 0, 'HIT-REDIS': 0, MISS: 0, BYPASS: 0 },
    storeReads: 0,
    invalidations: 0,
    cacheErrors: 0,
  };
  const reads = new Counter({
    name: 'categories_reads_total',
    help: 'Category reads by where they were answered from (HIT-L1, HIT-REDIS, MISS, BYPASS)',
    labelNames: ['source'],
    registers: [app.registry],
  });
  const storeReads = new Counter({
    name: 'categories_store_reads_total',
    help: 'Category reads that went to the store (misses and bypasses; concurrent misses share one read)',
    registers: [app.registry],
  });
  const invalidationDelay = new Histogram({
    name: 'categories_invalidation_delay_seconds',
    help: 'From cache-sync writing a refreshed list to this API instance dropping its L1 copy',
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [app.registry],
  });
  const listeners = new Set<() => void>();
  const cache = new RedisCategoryCache(app.redis);
  const subscriber = app.redis.duplicate({ autoResubscribe: false });
  subscriber.on('error', (err: Error) => app.log.debug({ err: err.message }, 'redis subscriber error'));
  const reader = new CategoryReader({
    cache,
    redis: app.redis,
    subscriber,
    channel: app.config.invalidationChannel,
    loadFromStore: () => app.catalogRepository.categoryDocuments(),
    observer: {
      read: (source) => {
        stats.reads[source] += 1;
        reads.inc({ source });
      },
      storeRead: () => {
        stats.storeReads += 1;
        storeReads.inc();
      },
      invalidated: (delayMs) => {
        stats.invalidations += 1;
        if (delayMs !== undefined) invalidationDelay.observe(delayMs / 1000);
        for (const listener of listeners) listener();
      },
      cacheError: (err) => {
        stats.cacheErrors += 1;
        app.log.debug({ err }, 'category cache unavailable; reading the store');
      },
    },
  });
  reader.start();
  app.decorate('categoryCache', {
    reader,
    cache,
    stats,
    onInvalidated: (listener: () => void) => void listeners.add(listener),
  });
  app.addHook('onReady', async () => {
    subscriber
      .connect()
      .catch((err: unknown) => app.log.warn({ err }, 'redis subscriber unavailable at start'));
  });
  app.addHook('onClose', async () => {
    reader.close();
    subscriber.disconnect();
  });
}

export default fp(categoryCache, { name: 'category-cache', dependencies: ['config', 'catalog', 'redis'] });
