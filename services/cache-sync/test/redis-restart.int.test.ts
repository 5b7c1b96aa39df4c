// Redis killed and started again, with cache-sync running as its own process: the API keeps answering from the
// store (BYPASS) and says so in /readyz, nothing crashes, and the cache is rebuilt once Redis is back.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { eventually, freePort, ServiceProcess, stackEnv } from '@marquee/test-support';
import { admin, getList, startHarness, type Harness } from './support/harness.ts';

let h: Harness;
let sync: ServiceProcess;
let opsUrl: string;
before(async () => {
  h = await startHarness({ sync: false, api: { CATEGORY_DELETE_MODE: 'hard' } });
  const opsPort = await freePort();
  opsUrl = `http://127.0.0.1:${opsPort}`;
  sync = new ServiceProcess({
    service: 'cache-sync',
    env: {
      ...stackEnv(h.stack),
      OPS_PORT: String(opsPort),
      OPS_HOST: '127.0.0.1',
      CACHE_SYNC_MODE: 'all-versions',
      CHANGE_FEED_POLL_INTERVAL_MS: '50',
    },
  });
  await sync.waitForHttp(`${opsUrl}/readyz`);
});
after(async () => {
  await sync.stop();
  await h.close();
});

test('reads bypass the cache while Redis is down, and the cache is rebuilt when it is back', async () => {
  await eventually(async () => assert.equal((await fetch(`${h.baseUrl}/api/cache/categories`)).status, 200));
  assert.match((await getList(h.baseUrl)).cache ?? '', /^HIT-/);

  await h.stack.services.get('redis')!.stop();

  // Reads keep working, from the store.
  const down = await getList(h.baseUrl);
  assert.equal(down.status, 200);
  assert.equal(down.cache, 'BYPASS');
  assert.equal(down.body.items.length, 19);
  const one = await fetch(`${h.baseUrl}/api/categories/28`);
  assert.equal(one.status, 200);
  assert.equal(one.headers.get('x-cache'), 'BYPASS');
  const ready = (await (await fetch(`${h.baseUrl}/readyz`)).json()) as {
    status: string;
    checks: Record<string, { ok: boolean; detail?: string }>;
  };
  assert.equal(ready.status, 'degraded');
  assert.match(ready.checks.redis?.detail ?? '', /serving from the store/);
  assert.equal((await fetch(`${h.baseUrl}/api/cache/categories`)).status, 503);
  await eventually(async () => assert.equal((await fetch(`${opsUrl}/readyz`)).status, 503));

  // A change made while Redis is down: served at once from the store, and in the cache after the rebuild.
  const created = await admin(h.baseUrl, 'POST', '/api/admin/categories', {
    categoryId: 921,
    name: 'Family',
    description: 'For everyone.',
  });
  assert.equal(created.status, 201);
  const stillDown = await getList(h.baseUrl);
  assert.equal(stillDown.cache, 'BYPASS');
  assert.ok(stillDown.body.items.some((c) => c.categoryId === 921));
  await new Promise((r) => setTimeout(r, 500)); // cache-sync retries its batch meanwhile
  assert.ok(sync.running, 'cache-sync is still running');

  await h.stack.restart('redis');

  await eventually(
    async () => {
      const response = await fetch(`${h.baseUrl}/api/cache/categories`);
      assert.equal(response.status, 200);
      const held = (await response.json()) as { items: { categoryId: number }[] };
      assert.equal(held.items.length, 20);
      assert.ok(held.items.some((c) => c.categoryId === 921));
    },
    { timeoutMs: 15_000 },
  );
  await eventually(async () => assert.match((await getList(h.baseUrl)).cache ?? '', /^HIT-/), {
    timeoutMs: 10_000,
  });
  await eventually(async () => assert.equal((await fetch(`${opsUrl}/readyz`)).status, 200), {
    timeoutMs: 10_000,
  });
  assert.equal(((await (await fetch(`${h.baseUrl}/readyz`)).json()) as { status: string }).status, 'ready');

  // And the feed is followed again.
  await h.catalog.item('category-921', 'category').delete();
  await eventually(
    async () => assert.ok(!(await getList(h.baseUrl)).body.items.some((c) => c.categoryId === 921)),
    {
      timeoutMs: 5_000,
    },
  );
  assert.ok(sync.running);
  assert.ok(!sync.logs.some((l) => /"level":(50|60)/.test(l)), 'no error or fatal log lines');
});

test('cache-sync stops gracefully on SIGTERM', async () => {
  const { code } = await sync.stop();
  assert.equal(code, 0);
  assert.ok(sync.logs.some((l) => l.includes('shut down')));
});
