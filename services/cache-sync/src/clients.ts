import type { Container, CosmosClient } from '@azure/cosmos';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { createCosmosClient, createRedisClient } from '@marquee/platform';
import type { CacheSyncConfig } from './config.ts';

export interface SyncClients {
  cosmos: CosmosClient;
  catalog: Container;
  redis: Redis;
}

/** Creates cache-sync's clients; the caller owns them and closes them with `closeClients` after the app. */
export function createClients(config: CacheSyncConfig, logger: Logger): SyncClients {
  const cosmos = createCosmosClient(config.cosmos, 'marquee-cache-sync');
  const catalog = cosmos.database(config.cosmosDatabase).container(config.catalogContainer);
  // Fail fast while Redis is down (no offline queue): the feed handler then fails and its batch is retried,
  // instead of piling commands up in memory. ioredis keeps reconnecting in the background.
  const redis = createRedisClient(
    config.redis,
    {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 2_000,
      retryStrategy: (attempt) => Math.min(attempt * 100, 2_000),
    },
    { onAuthError: (err) => logger.warn({ err }, 'redis token refresh failed') },
  );
  redis.on('error', (err: Error) => logger.debug({ err: err.message }, 'redis connection error'));
  return { cosmos, catalog, redis };
}

/** Closes what `createClients` opened. */
export function closeClients(clients: SyncClients): void {
  clients.redis.disconnect();
  clients.cosmos.dispose();
}
