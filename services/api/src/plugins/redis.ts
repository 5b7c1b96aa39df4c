import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { createRedisClient } from '@marquee/platform';

declare module 'fastify' {
  interface FastifyInstance {
    redis: Redis;
  }
}

/**
 * The Redis connection. Commands fail fast while Redis is down (no offline queue, one try) so a request
 * falls back to the store at once instead of waiting; ioredis keeps reconnecting in the background.
 */
async function redis(app: FastifyInstance): Promise<void> {
  const client = createRedisClient(
    app.config.redis,
    {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: 1_000,
      retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
    },
    { onAuthError: (err) => app.log.warn({ err }, 'redis token refresh failed') },
  );
  client.on('error', (err: Error) => app.log.debug({ err: err.message }, 'redis connection error'));
  app.decorate('redis', client);
  app.addHook('onReady', async () => {
    // Start connecting, but never block start-up on Redis: the API serves from the store without it.
    client.connect().catch((err: unknown) => app.log.warn({ err }, 'redis unavailable at start'));
  });
  app.addHook('onClose', async () => {
    client.disconnect();
  });
}

export default fp(redis, { name: 'redis', dependencies: ['config'] });
