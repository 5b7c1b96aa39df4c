import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '@marquee/platform';
import { loadCacheSyncConfig } from '../src/index.ts';

test('defaults fit the local stack and the API: all-versions mode, sweep every 5 minutes, ops on 9093', () => {
  const config = loadCacheSyncConfig({});
  assert.equal(config.mode, 'all-versions');
  assert.equal(config.reconcileIntervalMs, 300_000);
  assert.equal(config.opsPort, 9093);
  assert.equal(config.cosmosDatabase, 'marquee');
  assert.deepEqual(config.redis, { name: 'REDIS_URL', value: 'redis://127.0.0.1:6379' });
  assert.equal(config.cosmos.name, 'COSMOS_CONNECTION_STRING');
  assert.equal(config.invalidationChannel, 'marquee:categories:invalidated');
  assert.equal(config.processorName, 'cache-sync');
  assert.equal(config.leaseContainer, 'leases');
  assert.equal(config.cacheTtlSeconds, undefined);
  assert.ok(config.pollIntervalMs <= 100, 'a short poll keeps invalidation latency low');
});

test('mode, sweep period (0 = off), TTL and the Cosmos address are read', () => {
  const config = loadCacheSyncConfig({ CACHE_SYNC_MODE: 'latest-version', CACHE_TTL_SECONDS: '3600' });
  assert.equal(config.mode, 'latest-version');
  assert.equal(config.cacheTtlSeconds, 3600);
  assert.equal(loadCacheSyncConfig({ RECONCILE_INTERVAL_MS: '0' }).reconcileIntervalMs, 0);
  assert.equal(loadCacheSyncConfig({ RECONCILE_INTERVAL_MS: '60000' }).reconcileIntervalMs, 60_000);
  assert.equal(
    loadCacheSyncConfig({ COSMOS_ENDPOINT: 'https://x.documents.azure.com' }).cosmos.name,
    'COSMOS_ENDPOINT',
  );
});

test('every invalid setting is named at once', () => {
  assert.throws(
    () => loadCacheSyncConfig({ CACHE_SYNC_MODE: 'sometimes', OPS_PORT: 'abc', CACHE_TTL_SECONDS: '-1' }),
    (err: unknown) =>
      err instanceof ConfigError &&
      /CACHE_SYNC_MODE/.test(err.message) &&
      /OPS_PORT/.test(err.message) &&
      /CACHE_TTL_SECONDS/.test(err.message),
  );
});
