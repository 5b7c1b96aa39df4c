import { hostname } from 'node:os';
import {
  LOCAL_STACK,
  LOG_LEVELS,
  loadConfig,
  type Env,
  type LogLevel,
  type ResourceAddress,
  CONTAINERS,
  readCosmosAddress,
  type CosmosAddress,
} from '@marquee/platform';
import { DEFAULT_INVALIDATION_CHANNEL, DEFAULT_PREFIX } from '@marquee/category-cache';

export const SYNC_MODES = ['all-versions', 'latest-version'] as const;
export type SyncMode = (typeof SYNC_MODES)[number];

export interface CacheSyncConfig {
  logLevel: LogLevel;
  cosmos: CosmosAddress;
  cosmosDatabase: string;
  /** `REDIS_URL` (a plain URL, password in it if any) or `REDIS_ENDPOINT` (Entra ID tokens). */
  redis: ResourceAddress;
  /**
   * all-versions (default; matches the API's default hard deletes): hard deletes arrive on the feed.
   * latest-version: deletes must be soft (CATEGORY_DELETE_MODE=soft on the API); the sweep repairs the rest.
   */
  mode: SyncMode;
  opsHost: string;
  opsPort: number;
  /** Safety TTL on the cache keys; undefined = none. */
  cacheTtlSeconds: number | undefined;
  cachePrefix: string;
  invalidationChannel: string;
  /** Wait between change feed reads when there is nothing new. Drives invalidation latency. */
  pollIntervalMs: number;
  /** A lease with work in hand and no progress for this long makes /readyz say degraded. */
  stallThresholdMs: number;
  /** Reconcile sweep period; 0 = off. Default 5 min: needed in latest-version mode, a safety net in the other. */
  reconcileIntervalMs: number;
  processorName: string;
  instanceName: string;
  leaseContainer: string;
  catalogContainer: string;
  /** How often leases are listed and balanced (several cache-sync replicas share the feed). */
  leaseAcquireIntervalMs: number;
  /** How often this instance writes its status document (the api's pipeline panel). */
  statusIntervalMs: number;
  graceMs: number;
}

export function loadCacheSyncConfig(env: Env): CacheSyncConfig {
  return loadConfig(env, (e) => {
    const mode = e.oneOf('CACHE_SYNC_MODE', SYNC_MODES, 'all-versions');
    const ttl = e.int('CACHE_TTL_SECONDS', 0, { min: 0, max: 30 * 24 * 3600 });
    return {
      logLevel: e.oneOf('LOG_LEVEL', LOG_LEVELS, 'info'),
      cosmos: readCosmosAddress(e),
      cosmosDatabase: e.string('COSMOS_DATABASE', 'marquee'),
      redis: e.either('REDIS_URL', 'REDIS_ENDPOINT', LOCAL_STACK.redisUrl),
      mode,
      opsHost: e.string('OPS_HOST', '127.0.0.1'),
      opsPort: e.int('OPS_PORT', 9093, { min: 0, max: 65535 }),
      cacheTtlSeconds: ttl === 0 ? undefined : ttl,
      cachePrefix: e.string('CACHE_KEY_PREFIX', DEFAULT_PREFIX),
      invalidationChannel: e.string('CACHE_INVALIDATION_CHANNEL', DEFAULT_INVALIDATION_CHANNEL),
      pollIntervalMs: e.int('CHANGE_FEED_POLL_INTERVAL_MS', 100, { min: 10, max: 60_000 }),
      stallThresholdMs: e.int('STALL_THRESHOLD_MS', 60_000, { min: 1 }),
      reconcileIntervalMs: e.int('RECONCILE_INTERVAL_MS', 300_000, { min: 0 }),
      processorName: e.string('PROCESSOR_NAME', 'cache-sync'),
      // The host name, not host:pid, so a restarted instance adopts its own leases at once.
      instanceName: e.string('INSTANCE_NAME', hostname()),
      leaseContainer: e.string('LEASE_CONTAINER', CONTAINERS.leases.id),
      catalogContainer: e.string('CATALOG_CONTAINER', CONTAINERS.catalog.id),
      leaseAcquireIntervalMs: e.int('LEASE_ACQUIRE_INTERVAL_MS', 13_000, { min: 100 }),
      statusIntervalMs: e.int('STATUS_INTERVAL_MS', 5_000, { min: 100 }),
      graceMs: e.int('SHUTDOWN_GRACE_MS', 10_000, { min: 0 }),
    };
  });
}
