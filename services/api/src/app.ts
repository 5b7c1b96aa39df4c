import Fastify, { LogController } from 'fastify';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { ApiConfig } from './config.ts';
import configPlugin from './plugins/config.ts';
import problemDetails from './plugins/problem-details.ts';
import requestMetrics from './plugins/request-metrics.ts';
import { accessLogPlugin, lazyRequestLogger, serializeRequest } from './plugins/request-log.ts';
import securityHeaders from './plugins/security-headers.ts';
import cachedBodies from './plugins/cached-bodies.ts';
import strictQuery from './plugins/strict-query.ts';
import loadShedding from './plugins/load-shedding.ts';
import docs from './plugins/docs.ts';
import cosmos from './plugins/cosmos.ts';
import redis from './plugins/redis.ts';
import catalog from './catalog/catalog-repository.ts';
import opsRoutes from './routes/ops.ts';
import movieRoutes from './routes/movies.ts';
import categoryCache from './catalog/category-cache.ts';
import categoryRoutes from './routes/categories.ts';
import cacheRoutes from './routes/cache.ts';
import adminCategoryRoutes from './routes/admin-categories.ts';
import reportRoutes from './routes/reports.ts';
import streamRoutes from './routes/stream.ts';
import readModels, { type ReadModelsPluginOptions } from './read-models/plugin.ts';
import live, { type LivePluginOptions } from './live/plugin.ts';
import dashboard from './dashboard/plugin.ts';
import pipeline from './pipeline/plugin.ts';
import pipelineRoutes from './routes/pipeline.ts';
import { Problem } from './schemas/problem.ts';

/** Tuning of the reports and the live views (tests shorten the intervals). */
export type ViewsOptions = ReadModelsPluginOptions & LivePluginOptions;

export interface AppOptions {
  config: ApiConfig;
  logger: Logger;
  registry: Registry;
  now?: () => Date;
  views?: ViewsOptions;
}

/**
 * Builds the API as a plugin tree. Side-effect free: nothing connects or listens until `ready()` /
 * `listen()`, so tests build it and drive it with `inject`.
 */
export function buildApp(options: AppOptions) {
  const { config } = options;
  const app = Fastify({
    loggerInstance: options.logger.child({}, { serializers: { req: serializeRequest } }),
    // Each request's logger is made lazily (see request-log.ts), and the access log is ours: a line per
    // request that needs a look at info, every request at debug.
    childLoggerFactory: lazyRequestLogger,
    // fastify's own two lines per request are off (set on its LogController: the top-level option is deprecated).
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: config.bodyLimit,
    // Long path parameters are refused, not parsed.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: false, allErrors: true } },
  });
  app.addSchema(Problem);
  void app.register(configPlugin, {
    config,
    registry: options.registry,
    now: options.now ?? (() => new Date()),
  });
  void app.register(problemDetails);
  void app.register(accessLogPlugin);
  void app.register(requestMetrics);
  void app.register(securityHeaders);
  void app.register(strictQuery);
  void app.register(cachedBodies);
  void app.register(docs);
  void app.register(loadShedding);
  void app.register(cosmos);
  void app.register(redis);
  void app.register(catalog);
  void app.register(opsRoutes);
  void app.register(movieRoutes);
  void app.register(categoryCache);
  void app.register(categoryRoutes);
  void app.register(cacheRoutes);
  if (config.adminRoutes) void app.register(adminCategoryRoutes);
  const { docTtlMs, ...liveOptions } = options.views ?? {};
  void app.register(readModels, docTtlMs === undefined ? {} : { docTtlMs });
  void app.register(live, liveOptions);
  void app.register(reportRoutes);
  void app.register(streamRoutes);
  void app.register(pipeline);
  void app.register(pipelineRoutes);
  void app.register(dashboard);
  return app;
}

/** The built app, with the service's own logger type. */
export type MarqueeApp = ReturnType<typeof buildApp>;
