// Category reads without cache-sync: MISS fills Redis, then HIT-REDIS / HIT-L1; invalidations drop L1; the
// store is read once for thousands of reads.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CosmosClient } from '@azure/cosmos';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { seed } from '@marquee/seed';
import { eventually, startLocalStack, type LocalStack } from '@marquee/test-support';
import { buildApp, loadApiConfig, type MarqueeApp } from '../src/index.ts';

let stack: LocalStack;
let cosmos: CosmosClient;
let app: MarqueeApp;
let redis: Redis;
const registry = new Registry();
const channel = 'marquee:categories:invalidated';

before(async () => {
  stack = await startLocalStack({ ports: 'free' });
  cosmos = new CosmosClient(stack.connections.cosmos);
  await seed(cosmos, 'marquee');
  app = buildApp({
    config: loadApiConfig({
      COSMOS_CONNECTION_STRING: stack.connections.cosmos,
      REDIS_URL: stack.connections.redis,
      ADMIN_TOKEN: 'x',
      LOG_LEVEL: 'silent',
    }),
    logger: pino({ level: 'silent' }),
    registry,
  });
  await app.ready();
  redis = new Redis(stack.connections.redis);
  // The L1 copy is used once the invalidation subscription is live.
  await eventually(() => assert.ok(app.categoryCache.reader.l1.enabled));
});
after(async () => {
  redis.disconnect();
  await app.close();
  cosmos.dispose();
  await stack.stop();
});

const list = async () => {
  const response = await app.inject({ method: 'GET', url: '/api/categories' });
  return {
    status: response.statusCode,
    cache: response.headers['x-cache'],
    body: response.json<{ items: { categoryId: number; name: string }[]; version: number }>(),
  };
};
const stats = async () =>
  (await app.inject({ method: 'GET', url: '/api/cache/stats' })).json<{
    storeReads: number;
    reads: Record<string, number>;
  }>();

test('an empty cache shows 404; the first read is a MISS that fills it, then reads are hits', async () => {
  const empty = await app.inject({ method: 'GET', url: '/api/cache/categories' });
  assert.equal(empty.statusCode, 404);
  assert.equal(empty.headers['content-type'], 'application/problem+json; charset=utf-8');

  const first = await list();
  assert.equal(first.status, 200);
  assert.equal(first.cache, 'MISS');
  assert.equal(first.body.items.length, 19);
  assert.equal(first.body.items[0]?.name, 'Action');
  assert.ok(first.body.version > 0);

  const held = (await app.inject({ method: 'GET', url: '/api/cache/categories' })).json<{
    items: unknown[];
    version: number;
    writtenAt: string;
    stats: { storeReads: number };
  }>();
  assert.equal(held.items.length, 19);
  assert.equal(held.version, first.body.version);
  assert.equal(held.stats.storeReads, 1);

  assert.equal((await list()).cache, 'HIT-L1');
  // An invalidation drops the L1 copy: the next read goes to Redis, and the one after is L1 again.
  await redis.publish(
    channel,
    JSON.stringify({ version: first.body.version, writeId: 'x', writtenAt: new Date().toISOString() }),
  );
  await eventually(async () => assert.equal((await list()).cache, 'HIT-REDIS'), { intervalMs: 5 });
  assert.equal((await list()).cache, 'HIT-L1');
});

test('one category: from L1, from its own Redis key, or a 404 problem', async () => {
  const one = await app.inject({ method: 'GET', url: '/api/categories/28' });
  assert.equal(one.statusCode, 200);
  assert.deepEqual(one.json(), {
    categoryId: 28,
    name: 'Action',
    description: 'Chases, fights and explosions at full speed.',
  });
  assert.match(String(one.headers['x-cache']), /^HIT-/);
  await redis.publish(channel, '{}');
  await eventually(
    async () => {
      const fromRedis = await app.inject({ method: 'GET', url: '/api/categories/28' });
      assert.equal(fromRedis.headers['x-cache'], 'HIT-REDIS');
    },
    { intervalMs: 5 },
  );
  const missing = await app.inject({ method: 'GET', url: '/api/categories/424242' });
  assert.equal(missing.statusCode, 404);
  assert.equal(missing.json<{ status: number }>().status, 404);
  assert.equal((await app.inject({ method: 'GET', url: '/api/categories/abc' })).statusCode, 400);
});

test('10,000 category reads after warm-up cost at most one store read', async () => {
  await list();
  const before = await stats();
  const sources: Record<string, number> = {};
  for (let i = 0; i < 10_000; i++) {
    const response =
      i % 4 === 0
        ? await app.inject({ method: 'GET', url: `/api/categories/${[12, 14, 16, 18][(i % 16) / 4] ?? 12}` })
        : await app.inject({ method: 'GET', url: '/api/categories' });
    assert.equal(response.statusCode, 200);
    const source = String(response.headers['x-cache']);
    sources[source] = (sources[source] ?? 0) + 1;
  }
  const after = await stats();
  console.log('10,000 reads by source:', JSON.stringify(sources));
  assert.ok(
    after.storeReads - before.storeReads <= 1,
    `store reads: ${after.storeReads - before.storeReads}`,
  );
  assert.equal((sources['HIT-L1'] ?? 0) + (sources['HIT-REDIS'] ?? 0) + (sources.MISS ?? 0), 10_000);
  const metrics = await registry.metrics();
  const storeReads = Number(/categories_store_reads_total (\d+)/.exec(metrics)?.[1]);
  assert.equal(storeReads, after.storeReads, 'the prom-client counter agrees');
  assert.match(metrics, /categories_reads_total\{source="HIT-L1"\} \d+/);
});

test('reads hide soft-deleted categories', async () => {
  const catalog = cosmos.database('marquee').container('catalog');
  await catalog.items.create({
    id: 'category-931',
    type: 'category',
    categoryId: 931,
    name: 'Gone',
    description: '',
    deleted: true,
    ttl: 600,
  });
  await app.categoryCache.cache.clear();
  await redis.publish(channel, '{}');
  await eventually(
    async () => {
      const miss = await list();
      assert.equal(miss.cache, 'MISS');
      assert.ok(!miss.body.items.some((c) => c.categoryId === 931));
    },
    { intervalMs: 5 },
  );
  assert.equal((await app.inject({ method: 'GET', url: '/api/categories/931' })).statusCode, 404);
});
