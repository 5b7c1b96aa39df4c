// The catalog as its readers see it, through cache-sync and the API together: report names follow the
// catalog as fast as /api/categories does, and a malformed document written straight into the store is
// skipped (logged, counted) by every reader instead of stopping cache-sync or failing the API.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { cacheKeys, DEFAULT_INVALIDATION_CHANNEL } from '@marquee/category-cache';
import {
  generateCatalog,
  toStoredDoc,
  toStoredRanking,
  type TopMoviesDoc,
  type ViewDoc,
} from '@marquee/domain';
import { eventually } from '@marquee/test-support';
import { admin, getList, startHarness, visibleWithin, type Harness } from './support/harness.ts';

let h: Harness;
let redis: Redis;
const latencies: Record<string, number> = {};
const comedy = generateCatalog().movies.find((m) => m.categoryId === 35)!;

before(async () => {
  h = await startHarness({
    api: { CATEGORY_DELETE_MODE: 'soft', SOFT_DELETE_TTL_SECONDS: '600' },
    sync: { CACHE_SYNC_MODE: 'latest-version', RECONCILE_INTERVAL_MS: '1000' },
  });
  redis = new Redis(h.stack.connections.redis);
  // Sales in categories 35 (Comedy) and 36 (History), and one Comedy movie, as the projector stores them.
  const views = h.catalog.database.container('views');
  const asOf = { lastEventAt: '2026-11-22T10:00:00.000Z', writtenAt: '2026-11-22T10:00:01.000Z' };
  const docs: (ViewDoc | TopMoviesDoc)[] = [
    {
      id: 'categories',
      kind: 'categories',
      categories: {
        '35': { unitsSold: 5, orders: 5, revenue: 2495 },
        '36': { unitsSold: 3, orders: 3, revenue: 1497 },
      },
    },
    {
      id: 'top-movies',
      kind: 'top-movies',
      movies: { [comedy.movieId]: { unitsSold: 5, orders: 5, revenue: 2495 } },
    },
  ];
  for (const doc of docs) {
    // The layout before partials (no writers doc): readers still serve it.
    await views.items.upsert(
      doc.kind === 'top-movies' && doc.id === 'top-movies'
        ? toStoredRanking(doc, 1, asOf)
        : toStoredDoc(doc, 1, { '0': 1 }, asOf),
    );
  }
});
after(async () => {
  console.log('visible after (ms):', JSON.stringify(latencies));
  redis.disconnect();
  await h.close();
});

interface Report {
  items: { categoryId: number; name?: string; categoryName?: string }[];
}
const report = async (path: string): Promise<Report> => {
  const response = await fetch(`${h.baseUrl}${path}`);
  assert.equal(response.status, 200);
  return (await response.json()) as Report;
};
const reportName = async (categoryId: number) =>
  (await report('/api/reports/categories')).items.find((c) => c.categoryId === categoryId)?.name;

test('a rename reaches the reports the moment /api/categories serves it (cache-sync invalidation)', async () => {
  assert.equal(await reportName(35), 'Comedy');
  assert.equal((await report('/api/reports/top-movies')).items[0]?.categoryName, 'Comedy');
  const update = { name: 'Comedies', description: 'Laughs.' };
  assert.equal((await admin(h.baseUrl, 'PUT', '/api/admin/categories/35', update)).status, 200);
  latencies.rename = await visibleWithin(h.baseUrl, (b) =>
    assert.equal(b.items.find((c) => c.categoryId === 35)?.name, 'Comedies'),
  );
  // No reload timer in between: the reports read the same copy the list was just served from.
  assert.equal(await reportName(35), 'Comedies');
  assert.equal((await report('/api/reports/top-movies')).items[0]?.categoryName, 'Comedies');
});

test('a soft-deleted category vanishes from the category report as it does from the list', async () => {
  assert.equal((await admin(h.baseUrl, 'DELETE', '/api/admin/categories/36')).status, 204);
  latencies.softDelete = await visibleWithin(h.baseUrl, (b) =>
    assert.ok(!b.items.some((c) => c.categoryId === 36)),
  );
  const rows = (await report('/api/reports/categories')).items;
  assert.equal(
    rows.some((c) => c.categoryId === 36),
    false,
    'its sales do not keep it in the report',
  );
  assert.ok(rows.some((c) => c.categoryId === 35));
});

const malformed = [
  { id: 'category-920', type: 'category', categoryId: 920, description: 'no name' },
  { id: 'category-921', type: 'category', categoryId: 921, name: null, description: 'null name' },
  { id: 'category-922', type: 'category', categoryId: 922, name: 42, description: 'number name' },
];

test('malformed categories written straight into the store are skipped, and cache-sync keeps going', async () => {
  for (const doc of malformed) await h.catalog.items.create(doc);
  // A later rename still reaches Redis and the API: cache-sync is not stuck on the bad documents.
  const { resource } = await h.catalog.item('category-28', 'category').read<Record<string, unknown>>();
  await h.catalog.item('category-28', 'category').replace({ ...resource, name: 'Action!' });
  latencies.renameAfterMalformed = await visibleWithin(h.baseUrl, (b) =>
    assert.equal(b.items.find((c) => c.categoryId === 28)?.name, 'Action!'),
  );
  const { body } = await getList(h.baseUrl);
  assert.ok(!body.items.some((c) => c.categoryId >= 920 && c.categoryId <= 922));
  const syncMetrics = await (await fetch(`http://127.0.0.1:${h.sync!.opsPort}/metrics`)).text();
  assert.match(syncMetrics, /catalog_invalid_documents_total\{type="category"[^}]*\} [1-9]/);
});

test('after a cache miss the API reads the store, skips them and answers 200; a fix is picked up', async () => {
  const keys = cacheKeys();
  // The sweep may refill Redis first; try until the API itself meets the empty cache.
  await eventually(
    async () => {
      await redis.del(keys.list, keys.ids);
      await redis.publish(DEFAULT_INVALIDATION_CHANNEL, '{}'); // every API instance drops its own copy
      await new Promise((resolve) => setTimeout(resolve, 20));
      const miss = await getList(h.baseUrl);
      assert.equal(miss.status, 200);
      assert.equal(miss.cache, 'MISS');
    },
    { timeoutMs: 10_000, intervalMs: 50 },
  );
  assert.ok((await getList(h.baseUrl)).body.items.some((c) => c.categoryId === 28));
  assert.equal((await fetch(`${h.baseUrl}/api/reports/categories`)).status, 200);
  assert.match(
    await h.app.registry.metrics(),
    /catalog_invalid_documents_total\{type="category"[^}]*\} [1-9]/,
  );

  // Fixing the document is enough: the change feed brings it in, no restart.
  await h.catalog.item('category-921', 'category').replace({ ...malformed[1], name: 'Fixed' });
  latencies.fixed = await visibleWithin(h.baseUrl, (b) =>
    assert.equal(b.items.find((c) => c.categoryId === 921)?.name, 'Fixed'),
  );
});

test('a malformed movie is skipped by the movie routes and the reports, the rest are served', async () => {
  await h.catalog.items.create({ id: 'movie-999990', type: 'movie', movieId: 999990, title: null });
  const list = await fetch(`${h.baseUrl}/api/movies`);
  assert.equal(list.status, 200);
  const { items } = (await list.json()) as { items: { movieId: number }[] };
  assert.equal(items.length, 500);
  assert.ok(!items.some((m) => m.movieId === 999990));
  assert.equal((await fetch(`${h.baseUrl}/api/movies/999990`)).status, 404);
  assert.equal((await fetch(`${h.baseUrl}/api/reports/top-movies`)).status, 200);
  assert.match(await h.app.registry.metrics(), /catalog_invalid_documents_total\{type="movie"[^}]*\} [1-9]/);
});
