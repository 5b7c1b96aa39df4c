import fp from 'fastify-plugin';
import { VIEW_KINDS } from '@marquee/domain';
import { Gauge } from 'prom-client';
import type { FastifyInstance } from 'fastify';
import { CategoryNames } from '../catalog/category-names.ts';
import { MovieCache } from '../catalog/movie-cache.ts';
import { FunnelReports } from './funnel-report.ts';
import { Reports } from './reports.ts';
import { ViewReader } from './view-reader.ts';

declare module 'fastify' {
  interface FastifyInstance {
    reports: Reports;
    funnelReports: FunnelReports;
  }
}

export interface ReadModelsPluginOptions {
  /** How long a view doc read is reused (0: never); default 250 ms. */
  docTtlMs?: number;
}

/**
 * The reports, read from the views the projector stores: point reads, movies in memory, and category names
 * from the category cache, so they follow renames as fast as `/api/categories`.
 */
async function readModels(app: FastifyInstance, options: ReadModelsPluginOptions): Promise<void> {
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
  const funnelReports = new FunnelReports({ reader, movies, categoryNames, now: app.now });
  // A renamed or deleted category changes the names the built reports show.
  app.categoryCache.onInvalidated(() => {
    reports.catalogChanged();
    funnelReports.catalogChanged();
  });
  // A view built with another layout than this release's answers 503 until the projector's rebuild switches.
  new Gauge({
    name: 'views_rebuilding',
    help: "1 while the view's live generation has another document layout than this release's (its reports answer 503 until the projector's rebuild switches), else 0",
    labelNames: ['view'],
    registers: [app.registry],
    collect() {
      const rebuilding = reader.knownRebuilding();
      for (const view of VIEW_KINDS) this.set({ view }, rebuilding.includes(view) ? 1 : 0);
    },
  });
  app.decorate('reports', reports);
  app.decorate('funnelReports', funnelReports);
}

export default fp(readModels, {
  name: 'read-models',
  dependencies: ['config', 'cosmos', 'catalog', 'category-cache'],
});
