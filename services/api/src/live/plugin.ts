import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import type { CacheStats } from '../catalog/category-cache.ts';
import { LiveStream } from './live-stream.ts';
import { LiveViews } from './live-views.ts';
import { SseClients } from './sse-clients.ts';
import { ViewChangeFeed } from './view-change-feed.ts';

declare module 'fastify' {
  interface FastifyInstance {
    liveViews: LiveViews;
    sseClients: SseClients;
    liveStream: LiveStream;
  }
}

export interface LivePluginOptions {
  /** Change-feed poll interval; default 200 ms. */
  pollMs?: number;
  /** SSE heartbeat interval; default 15 s. */
  heartbeatMs?: number;
  /** SSE socket buffer above which a client is dropped; default 1 MiB. */
  maxBufferedBytes?: number;
}

/**
 * The live side of the views: one change feed per process, its snapshots fanned out to every SSE client.
 * On close the streams are ended first (preClose), so the server can stop without waiting on connections
 * that never finish by themselves.
 */
async function live(app: FastifyInstance, options: LivePluginOptions): Promise<void> {
  const logger = app.log.child({ component: 'views' });
  const sseClients = new SseClients({
    logger,
    ...(options.heartbeatMs ? { heartbeatMs: options.heartbeatMs } : {}),
    ...(options.maxBufferedBytes ? { maxBufferedBytes: options.maxBufferedBytes } : {}),
  });
  const feed = new ViewChangeFeed(app.cosmos.views, {
    logger,
    ...(options.pollMs ? { pollMs: options.pollMs } : {}),
    onChange: (ids) => liveViews.changed(ids),
  });
  // The reports trust what they read while this feed watches the views (it forgets changed docs).
  app.reports.reader.watchWith(feed);
  const liveViews: LiveViews = new LiveViews({
    reports: app.reports,
    now: app.now,
    logger,
    startFeed: () => feed.start(),
    cacheStats: () => categoryCacheStats(app),
  });
  // A renamed or deleted category changes the names in these two views' reports.
  app.categoryCache.onInvalidated(() => liveViews.catalogChanged());
  app.decorate('liveViews', liveViews);
  app.decorate('sseClients', sseClients);
  app.decorate('liveStream', new LiveStream(liveViews, sseClients, logger));

  app.addHook('preClose', async () => {
    sseClients.closeAll();
    liveViews.close();
    await feed.close();
  });
}

/** The category cache's hit counts; a copy, as the counters keep changing. */
async function categoryCacheStats(app: FastifyInstance): Promise<CacheStats | undefined> {
  return structuredClone(app.categoryCache.stats);
}

export default fp(live, {
  name: 'live',
  dependencies: ['config', 'cosmos', 'category-cache', 'read-models'],
});
