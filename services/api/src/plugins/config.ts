import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import type { ApiConfig } from '../config.ts';

declare module 'fastify' {
  interface FastifyInstance {
    config: ApiConfig;
    registry: Registry;
    /** The clock; injected so tests can pin "now". */
    now: () => Date;
  }
}

export interface ConfigPluginOptions {
  config: ApiConfig;
  registry: Registry;
  now: () => Date;
}

async function configPlugin(app: FastifyInstance, options: ConfigPluginOptions): Promise<void> {
  app.decorate('config', options.config);
  app.decorate('registry', options.registry);
  app.decorate('now', options.now);
}

export default fp(configPlugin, { name: 'config' });
