// Latest-version mode: deletes are soft (deleted: true plus a ttl) and reach readers through the feed; a hard
// delete made by hand is invisible to this feed and is repaired by the reconcile sweep.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { eventually } from '@marquee/test-support';
import { admin, getList, startHarness, visibleWithin, type Harness } from './support/harness.ts';

let h: Harness;
const latencies: Record<string, number> = {};
before(async () => {
  h = await startHarness({
    api: { CATEGORY_DELETE_MODE: 'soft', SOFT_DELETE_TTL_SECONDS: '600' },
    sync: { CACHE_SYNC_MODE: 'latest-version', RECONCILE_INTERVAL_MS: '1000' },
  });
});
after(async () => {
  console.log('visible after (ms):', JSON.stringify(latencies));
  await h.close();
});

test('admin insert, update and soft delete are served by the API (latency printed); the soft-deleted document stays hidden', async () => {
  const body = { categoryId: 911, name: 'Biography', description: 'Lives, told.' };
  assert.equal((await admin(h.baseUrl, 'POST', '/api/admin/categories', body)).status, 201);
  latencies.adminInsert = await visibleWithin(h.baseUrl, (b) =>
    assert.ok(b.items.some((c) => c.categoryId === 911)),
  );

  assert.equal(
    (
      await admin(h.baseUrl, 'PUT', '/api/admin/categories/911', {
        name: 'Biopic',
        description: 'Lives, told.',
      })
    ).status,
    200,
  );
  latencies.adminUpdate = await visibleWithin(h.baseUrl, (b) =>
    assert.equal(b.items.find((c) => c.categoryId === 911)?.name, 'Biopic'),
  );

  assert.equal((await admin(h.baseUrl, 'DELETE', '/api/admin/categories/911')).status, 204);
  latencies.adminSoftDelete = await visibleWithin(h.baseUrl, (b) =>
    assert.ok(!b.items.some((c) => c.categoryId === 911)),
  );
  const { resource } = await h.catalog
    .item('category-911', 'category')
    .read<{ deleted?: boolean; ttl?: number }>();
  assert.equal(resource?.deleted, true, 'the document is kept, marked deleted');
  assert.equal(resource?.ttl, 600);
  assert.equal((await fetch(`${h.baseUrl}/api/categories/911`)).status, 404);
  // Deleting it again, or updating it, is a 404: it is gone for callers.
  assert.equal((await admin(h.baseUrl, 'DELETE', '/api/admin/categories/911')).status, 404);
  // Creating it again revives it.
  assert.equal((await admin(h.baseUrl, 'POST', '/api/admin/categories', body)).status, 201);
  await visibleWithin(h.baseUrl, (b) =>
    assert.equal(b.items.find((c) => c.categoryId === 911)?.name, 'Biography'),
  );
});

test('direct SDK insert, update and soft delete are served by the API (latency printed)', async () => {
  const doc = {
    id: 'category-912',
    type: 'category',
    categoryId: 912,
    name: 'Noir',
    description: 'Shadows.',
  };
  await h.catalog.items.create(doc);
  latencies.sdkInsert = await visibleWithin(h.baseUrl, (b) =>
    assert.ok(b.items.some((c) => c.categoryId === 912)),
  );
  await h.catalog.item(doc.id, 'category').replace({ ...doc, name: 'Film noir' });
  latencies.sdkUpdate = await visibleWithin(h.baseUrl, (b) =>
    assert.equal(b.items.find((c) => c.categoryId === 912)?.name, 'Film noir'),
  );
  await h.catalog.item(doc.id, 'category').replace({ ...doc, deleted: true, ttl: 600 });
  latencies.sdkSoftDelete = await visibleWithin(h.baseUrl, (b) =>
    assert.ok(!b.items.some((c) => c.categoryId === 912)),
  );
});

test('a hard delete made by hand is repaired by the sweep, though no newer LSN exists', async () => {
  const doc = { id: 'category-913', type: 'category', categoryId: 913, name: 'Sport', description: 'Games.' };
  await h.catalog.items.create(doc);
  await visibleWithin(h.baseUrl, (b) => assert.ok(b.items.some((c) => c.categoryId === 913)));
  const versionBefore = (await getList(h.baseUrl)).body.version;

  await h.catalog.item(doc.id, 'category').delete();
  const started = performance.now();
  // The sweep runs every second here; allow a few periods.
  await eventually(
    async () => {
      const { body } = await getList(h.baseUrl);
      assert.ok(!body.items.some((c) => c.categoryId === 913));
    },
    { timeoutMs: 5_000, intervalMs: 20 },
  );
  latencies.hardDeleteRepairedBySweep = performance.now() - started;
  const { body } = await getList(h.baseUrl);
  assert.ok(body.version >= versionBefore, 'the version never goes down');
  const held = (await (await fetch(`${h.baseUrl}/api/cache/categories`)).json()) as {
    items: { categoryId: number }[];
  };
  assert.ok(!held.items.some((c) => c.categoryId === 913));
  assert.equal((await fetch(`${h.baseUrl}/api/categories/913`)).status, 404);
  const metrics = await (await fetch(`http://127.0.0.1:${h.sync!.opsPort}/metrics`)).text();
  assert.match(metrics, /cache_sync_refreshes_total\{trigger="sweep",outcome="written"\} [1-9]/);
});

test('after the repair, the next change still gets through (the kept version does not block it)', async () => {
  await h.catalog.items.create({
    id: 'category-914',
    type: 'category',
    categoryId: 914,
    name: 'War',
    description: 'Wars.',
  });
  await visibleWithin(h.baseUrl, (b) => assert.ok(b.items.some((c) => c.categoryId === 914)));
});
