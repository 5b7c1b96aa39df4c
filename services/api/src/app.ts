import Fastify from 'fastify';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { ApiConfig } from './config.ts';
import configPlugin from './plugins/config.ts';
import problemDetails from './plugins/problem-details.ts';
import loadShedding from './plugins/load-shedding.ts';
import docs from './plugins/docs.ts';
import cosmos from './plugins/cosmos.ts';
import redis from './plugins/redis.ts';
import opsRoutes from './routes/ops.ts';
import movieRoutes from './routes/movies.ts';
import { Problem } from './schemas/problem.ts';

export interface AppOptions {
  config: ApiConfig;
  logger: Logger;
  registry: Registry;
  now?: () => Date;
}

/**
 * Builds the API as a plugin tree. Side-effect free: nothing connects or listens until `ready()` /
 * `listen()`, so tests build it and drive it with `inject`.
 */
export function buildApp(options: AppOptions) {
  const { config } = options;
  const app = Fastify({
    loggerInstance: options.logger,
    bodyLimit: config.bodyLimit,
    // Long query strings are refused, not parsed.
    maxParamLength: 200,
    routerOptions: { ignoreTrailingSlash: true },
    disableRequestLogging: false,
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: false, allErrors: true } },
  });
  app.addSchema(Problem);
  void app.register(configPlugin, {
    config,
    registry: options.registry,
    now: options.now ?? (() => new Date()),
  });
  void app.register(problemDetails);
  void app.register(docs);
  void app.register(loadShedding);
  void app.register(cosmos);
  void app.register(redis);
  void app.register(opsRoutes);
  void app.register(movieRoutes);
  return app;
}

/** The built app, with the service's own logger type. */
export type MarqueeApp = ReturnType<typeof buildApp>;
