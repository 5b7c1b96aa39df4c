// GET /api/reports/funnel against a real Cosmos emulator: funnel docs written in the projector's stored shape
// by two leases (merged by the reader), the catalog seeded, the clock pinned.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { funnelHourDocId, funnelMoviesDocId, movieBucketOf, type FunnelCounters } from '@marquee/domain';
import type { MarqueeApp } from '../src/index.ts';
import { startStore, testApp, writeView, type Store } from './reports-fixture.ts';

const NOW = new Date('2026-11-22T10:30:00Z');
const DUNE = 397518; // Silent Harbor, Action (28)
const funnel = (views: number, carts: number, checkouts: number, orders: number): FunnelCounters => ({
  views,
  carts,
  checkouts,
  orders,
});

let store: Store;
let app: MarqueeApp;

before(async () => {
  store = await startStore();
  app = testApp(store, { now: () => NOW, views: { docTtlMs: 0 } });
  await app.ready();
  // Two leases' partials of the current hour, one of 09:00, and one 24 hours ago (outside the default window).
  const hour = (
    h: string,
    total: FunnelCounters,
    categories: Record<string, FunnelCounters>,
    writer: string,
  ) =>
    writeView(
      store.views,
      { id: funnelHourDocId(h), kind: 'funnel', hour: h, total, categories },
      { writer, lastEventAt: `${h}:10:00.000Z`, writtenAt: `${h}:11:00.000Z` },
    );
  const movies = (h: string, counts: Record<string, FunnelCounters>, writer: string) =>
    writeView(
      store.views,
      { id: funnelMoviesDocId(h, movieBucketOf(DUNE)), kind: 'funnel', hour: h, bucket: 776, movies: counts },
      { writer },
    );
  await hour('2026-11-22T10', funnel(10, 4, 2, 1), { 28: funnel(10, 4, 2, 1) }, '-80');
  await hour(
    '2026-11-22T10',
    funnel(10, 4, 3, 2),
    { 28: funnel(6, 4, 3, 2), 0: funnel(4, 0, 0, 0) },
    '80-FF',
  );
  await hour('2026-11-22T09', funnel(5, 0, 0, 0), { 35: funnel(5, 0, 0, 0) }, '-80');
  await hour('2026-11-21T10', funnel(99, 0, 0, 0), { 35: funnel(99, 0, 0, 0) }, '-80');
  await movies('2026-11-22T10', { [DUNE]: funnel(3, 2, 1, 1) }, '-80');
  await movies('2026-11-22T10', { [DUNE]: funnel(1, 1, 1, 0), [DUNE + 1]: funnel(7, 0, 0, 0) }, '80-FF');
});
after(async () => {
  await app?.close();
  await store?.close();
});

async function get(url: string) {
  const res = await app.inject(url);
  return { status: res.statusCode, body: res.json(), type: String(res.headers['content-type']) };
}

describe('GET /api/reports/funnel', () => {
  test('24 hours ending with the current one, both leases merged, rates from the summed counts', async () => {
    const { status, body } = await get('/api/reports/funnel');
    assert.equal(status, 200);
    assert.equal(body.series.length, 24);
    assert.equal(body.series[0].hour, '2026-11-21T11');
    const current = body.series[23];
    assert.deepEqual(current, {
      hour: '2026-11-22T10',
      ...funnel(20, 8, 5, 3),
      rates: { viewToCart: 0.4, cartToCheckout: 0.625, checkoutToOrder: 0.6, viewToOrder: 0.15 },
    });
    assert.deepEqual(body.total.views, 25, 'the hour 24 hours ago is outside the window');
    assert.deepEqual(
      body.categories.slice(0, 3).map((c: { categoryId: number; views: number }) => [c.categoryId, c.views]),
      [
        [28, 16],
        [35, 5],
        [0, 4],
      ],
    );
    assert.equal(body.movie, null);
    assert.deepEqual(body.asOf, {
      lastEventAt: '2026-11-22T10:10:00.000Z',
      writtenAt: '2026-11-22T10:11:00.000Z',
    });
  });

  test('movieId= counts that movie only, named from the catalog', async () => {
    const { status, body } = await get(`/api/reports/funnel?hours=2&movieId=${DUNE}`);
    assert.equal(status, 200);
    assert.deepEqual(body.movie, {
      movieId: DUNE,
      title: 'Silent Harbor',
      categoryId: 28,
      categoryName: 'Action',
    });
    assert.deepEqual(
      body.series.map((h: { views: number }) => h.views),
      [0, 4],
    );
    assert.equal(body.total.rates.viewToCart, 0.75);
    assert.deepEqual(body.categories, []);
  });

  test('category= counts that category only (0 is Unknown)', async () => {
    const action = (await get('/api/reports/funnel?category=28')).body;
    assert.deepEqual(action.category, { categoryId: 28, name: 'Action' });
    assert.equal(action.total.views, 16);
    const unknown = (await get('/api/reports/funnel?category=0&hours=1')).body;
    assert.deepEqual([unknown.category.name, unknown.total.views], ['Unknown', 4]);
  });

  for (const [query, pattern] of [
    ['hours=0', /^querystring\/hours /],
    ['hours=169', /^querystring\/hours /],
    ['movieId=x', /^querystring\/movieId /],
    ['category=-1', /^querystring\/category /],
    ['movieId=397518&category=28', /movieId or category, not both/],
  ] as const) {
    test(`${query} is a 400 problem that says why`, async () => {
      const res = await get(`/api/reports/funnel?${query}`);
      assert.equal(res.status, 400);
      assert.match(res.type, /^application\/problem\+json/);
      assert.match(res.body.detail, pattern);
    });
  }

  test('a category the catalog does not have is a 404', async () => {
    const res = await get('/api/reports/funnel?category=424242');
    assert.equal(res.status, 404);
    assert.match(res.body.detail, /category 424242 is not in the catalog/);
  });

  test('the OpenAPI document describes the route and its parameters', async () => {
    const doc = (await app.inject('/docs/json')).json();
    const params = doc.paths['/api/reports/funnel'].get.parameters.map((p: { name: string }) => p.name);
    assert.deepEqual(params.sort(), ['category', 'hours', 'movieId']);
  });
});
