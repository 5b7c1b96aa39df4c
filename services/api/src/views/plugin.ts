import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import type { CacheStats } from '../plugins/category-cache.ts';
import { CategoryNames } from './category-names.ts';
import { LiveStream } from './live-stream.ts';
import { LiveViews } from './live-views.ts';
import { MovieCache } from './movie-cache.ts';
import { Reports } from './reports.ts';
import { SseClients } from './sse-clients.ts';
import { ViewChangeFeed } from './view-change-feed.ts';
import { ViewReader } from './view-reader.ts';

declare module 'fastify' {
  interface FastifyInstance {
    reports: Reports;
    liveViews: LiveViews;
    sseClients: SseClients;
    liveStream: LiveStream;
  }
}

export interface ViewsPluginOptions {
  /** Change-feed poll interval; default 200 ms. */
  pollMs?: number;
  /** SSE heartbeat interval; default 15 s. */
  heartbeatMs?: number;
  /** SSE socket buffer above which a client is dropped; default 1 MiB. */
  maxBufferedBytes?: number;
  /** How long a view doc read is reused (0: never); default 250 ms. */
  docTtlMs?: number;
}

/**
 * Reading the views: the reports (point reads, movies in memory, category names from the category cache,
 * so they follow renames as fast as `/api/categories`), and the live side, one change feed
 * per process fanned out to every SSE client. On close the streams are ended first (preClose), so the
 * server can stop without waiting on connections that never finish by themselves.
 */
async function views(app: FastifyInstance, options: ViewsPluginOptions): Promise<void> {
  const logger = app.log.child({ component: 'views' });
  const reader = new ViewReader(
    app.cosmos.views,
    options.docTtlMs === undefined ? {} : { docTtlMs: options.docTtlMs },
  );
  const movies = new MovieCache(() => app.catalogRepository.movies(), { logger });
  const categoryNames = new CategoryNames(() => app.categoryCache.reader.list(), logger);
  const reports = new Reports({
    reader,
    movies,
    categoryNames,
    timeZone: app.config.reportTimeZone,
    now: app.now,
  });
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
  const liveViews: LiveViews = new LiveViews({
    reports,
    now: app.now,
    logger,
    startFeed: () => feed.start(),
    cacheStats: () => categoryCacheStats(app),
  });
  // A renamed or deleted category changes the names in these two views' reports.
  app.categoryCache.onInvalidated(() => liveViews.catalogChanged());
  app.decorate('reports', reports);
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

export default fp(views, { name: 'views', dependencies: ['config', 'cosmos', 'catalog', 'category-cache'] });
