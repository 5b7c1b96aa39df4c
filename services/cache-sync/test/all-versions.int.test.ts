// All-versions-and-deletes mode: every change, hard deletes included, reaches readers through the feed, whether it
// was made through the admin API or straight in the store with the SDK.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { admin, getList, startHarness, visibleWithin, type Harness } from './support/harness.ts';

let h: Harness;
const latencies: Record<string, number> = {};
before(async () => {
  h = await startHarness({
    api: { CATEGORY_DELETE_MODE: 'hard' },
    sync: { CACHE_SYNC_MODE: 'all-versions' },
  });
});
after(async () => {
  console.log('visible after (ms):', JSON.stringify(latencies));
  await h.close();
});

test('at start the cache holds every seeded category, sorted by name', async () => {
  const { body, status } = await getList(h.baseUrl);
  assert.equal(status, 200);
  assert.equal(body.items.length, 19);
  const names = body.items.map((c) => c.name);
  assert.deepEqual(
    names,
    [...names].sort((a, b) => a.localeCompare(b, 'en')),
  );
  const cached = await fetch(`${h.baseUrl}/api/cache/categories`);
  assert.equal(cached.status, 200);
  const held = (await cached.json()) as { items: unknown[]; version: number; writtenAt: string };
  assert.equal(held.items.length, 19);
  assert.ok(held.version > 0);
  assert.ok(!Number.isNaN(Date.parse(held.writtenAt)));
});

test('insert, update and delete through the admin API are served by the API (latency printed)', async () => {
  const created = await admin(h.baseUrl, 'POST', '/api/admin/categories', {
    categoryId: 901,
    name: 'Documentary',
    description: 'Real life, filmed.',
  });
  assert.equal(created.status, 201);
  latencies.adminInsert = await visibleWithin(h.baseUrl, (b) =>
    assert.ok(b.items.some((c) => c.categoryId === 901)),
  );

  const updated = await admin(h.baseUrl, 'PUT', '/api/admin/categories/901', {
    name: 'Documentaries',
    description: 'Real life, filmed.',
  });
  assert.equal(updated.status, 200);
  latencies.adminUpdate = await visibleWithin(h.baseUrl, (b) =>
    assert.equal(b.items.find((c) => c.categoryId === 901)?.name, 'Documentaries'),
  );

  const before = (await getList(h.baseUrl)).body.version;
  assert.equal((await admin(h.baseUrl, 'DELETE', '/api/admin/categories/901')).status, 204);
  latencies.adminDelete = await visibleWithin(h.baseUrl, (b) =>
    assert.ok(!b.items.some((c) => c.categoryId === 901)),
  );
  // The delete's own LSN versions the list, above every document left in the store.
  const after = (await getList(h.baseUrl)).body.version;
  assert.ok(after > before, `${after} > ${before}`);
  const single = await fetch(`${h.baseUrl}/api/categories/901`);
  assert.equal(single.status, 404);
  assert.equal(single.headers.get('content-type'), 'application/problem+json; charset=utf-8');
});

test('direct SDK writes, bypassing the API, including a hard delete, are served by the API (latency printed)', async () => {
  const doc = {
    id: 'category-902',
    type: 'category',
    categoryId: 902,
    name: 'Musical',
    description: 'Songs.',
  };
  await h.catalog.items.create(doc);
  latencies.sdkInsert = await visibleWithin(h.baseUrl, (b) =>
    assert.ok(b.items.some((c) => c.categoryId === 902)),
  );

  await h.catalog.item(doc.id, 'category').replace({ ...doc, description: 'Songs and dances.' });
  latencies.sdkUpdate = await visibleWithin(h.baseUrl, (b) =>
    assert.equal(b.items.find((c) => c.categoryId === 902)?.description, 'Songs and dances.'),
  );

  await h.catalog.item(doc.id, 'category').delete();
  latencies.sdkHardDelete = await visibleWithin(h.baseUrl, (b) =>
    assert.ok(!b.items.some((c) => c.categoryId === 902)),
  );
  const held = (await (await fetch(`${h.baseUrl}/api/cache/categories`)).json()) as {
    items: { categoryId: number }[];
  };
  assert.ok(!held.items.some((c) => c.categoryId === 902), 'Redis no longer holds it');
});

test('movie changes do not refresh the category cache', async () => {
  const cached = async () =>
    ((await (await fetch(`${h.baseUrl}/api/cache/categories`)).json()) as { writeId: string }).writeId;
  const before = await cached();
  const { resource } = await h.catalog.item('movie-397518', 'movie').read<Record<string, unknown>>();
  assert.ok(resource);
  await h.catalog.item('movie-397518', 'movie').replace({ ...resource, unitPrice: 1.99 });
  // Give the feed time to deliver the change (it is polled every 50 ms), then check nothing was rewritten.
  await new Promise((r) => setTimeout(r, 500));
  assert.equal(await cached(), before);
});

test('metrics count refreshes and invalidation latency', async () => {
  const port = h.sync!.opsPort;
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  assert.doesNotMatch(text, /cache_sync_errors_total\{/);
  assert.match(text, /cache_sync_refreshes_total\{[^}]*trigger="change"[^}]*outcome="written"[^}]*\} [1-9]/);
  assert.match(text, /cache_sync_invalidation_latency_seconds_count(\{[^}]*\})? [1-9]/);
  const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
  assert.equal(ready.status, 200);
  assert.equal((await fetch(`http://127.0.0.1:${port}/healthz`)).status, 200);
});
