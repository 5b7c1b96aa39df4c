// The report routes against a real Cosmos emulator: view docs written in the projector's stored shape,
// the catalog seeded, the clock pinned. The funnel's docs are written by two leases, merged by the reader.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CATEGORIES,
  funnelDocsOf,
  ordersHourDocsOf,
  generateCatalog,
  type FunnelCounters,
  type FunnelHourCounts,
} from '@marquee/domain';
import type { MarqueeApp } from '../src/index.ts';
import {
  clearViews,
  startStore,
  testApp,
  writeGenerations,
  writeView,
  type Store,
} from './reports-fixture.ts';
import { eventually } from '@marquee/test-support';

const NOW = new Date('2026-11-22T10:30:00Z');
const catalog = generateCatalog();
const movie = (id: number) => catalog.movies.find((m) => m.movieId === id)!;
const categoryName = (id: number) => CATEGORIES.find((c) => c.categoryId === id)!.name;

let store: Store;
let app: MarqueeApp;

before(async () => {
  store = await startStore();
  // Every read goes to the store here; the short reuse of reads is tested on its own below.
  app = testApp(store, { now: () => NOW, views: { docTtlMs: 0 } });
  await app.ready();
});
after(async () => {
  await app.close();
  await store.close();
});
beforeEach(async () => {
  await clearViews(store.views);
  app.reports.reader.invalidate();
});

type Row = Record<string, number | string>;
interface Body {
  asOf: unknown;
  items: Row[];
  series: Row[];
  current: Row;
  today: Row;
  timeZone: string;
  status: number;
  detail: string;
}

async function get(url: string): Promise<{ status: number; body: Body; type: string; text: string }> {
  const res = await app.inject(url);
  return {
    status: res.statusCode,
    body: res.json(),
    type: String(res.headers['content-type']),
    text: res.body,
  };
}

describe('before any view exists', () => {
  test('every report answers with zeros and null freshness', async () => {
    const top = await get('/api/reports/top-movies');
    assert.equal(top.status, 200);
    assert.deepEqual(top.body, { asOf: { lastEventAt: null, writtenAt: null }, items: [] });

    const categories = await get('/api/reports/categories');
    assert.equal(categories.body.items.length, CATEGORIES.length);
    assert.ok(categories.body.items.every((c) => c.unitsSold === 0 && c.revenue === 0));
    // All tied at zero: by id.
    assert.deepEqual(
      categories.body.items.map((c) => c.categoryId),
      CATEGORIES.map((c) => c.categoryId).sort((a, b) => a - b),
    );

    const hourly = await get('/api/reports/orders/hourly');
    assert.equal(hourly.body.series.length, 24);
    assert.deepEqual(hourly.body.current, { hour: '2026-11-22T10', orders: 0, revenue: 0, units: 0 });
    assert.deepEqual(hourly.body.asOf, { lastEventAt: null, writtenAt: null });

    const daily = await get('/api/reports/orders/daily');
    assert.equal(daily.body.series.length, 7);
    assert.deepEqual(daily.body.today, { date: '2026-11-22', orders: 0, revenue: 0, units: 0 });
  });
});

describe('GET /api/reports/top-movies', () => {
  beforeEach(async () => {
    await writeView(
      store.views,
      {
        id: 'top-movies',
        kind: 'top-movies',
        movies: {
          '397518': { unitsSold: 5, orders: 3, revenue: 4995 },
          '397519': { unitsSold: 9, orders: 4, revenue: 8991 },
          '397520': { unitsSold: 5, orders: 5, revenue: 2495 },
          '999999': { unitsSold: 1, orders: 1, revenue: 199 },
        },
      },
      { lastEventAt: '2026-11-22T10:29:58.000Z', writtenAt: '2026-11-22T10:29:59.500Z' },
    );
  });

  test('ranks by units (ties by id), joins titles and categories, revenue in dollars', async () => {
    const { status, body } = await get('/api/reports/top-movies');
    assert.equal(status, 200);
    assert.deepEqual(body.asOf, {
      lastEventAt: '2026-11-22T10:29:58.000Z',
      writtenAt: '2026-11-22T10:29:59.500Z',
    });
    assert.deepEqual(
      body.items.map((m) => [m.movieId, m.unitsSold]),
      [
        [397519, 9],
        [397518, 5],
        [397520, 5],
        [999999, 1],
      ],
    );
    const first = body.items[0];
    assert.deepEqual(first, {
      movieId: 397519,
      title: movie(397519).title,
      categoryId: movie(397519).categoryId,
      categoryName: categoryName(movie(397519).categoryId),
      unitsSold: 9,
      orders: 4,
      revenue: 89.91,
    });
    assert.equal(body.items[1]?.revenue, 49.95);
    assert.equal(body.items[2]?.revenue, 24.95);
  });

  test('a movie the catalog does not know is "Movie <id>" in Unknown', async () => {
    const { body } = await get('/api/reports/top-movies');
    assert.deepEqual(body.items[3], {
      movieId: 999999,
      title: 'Movie 999999',
      categoryId: 0,
      categoryName: 'Unknown',
      unitsSold: 1,
      orders: 1,
      revenue: 1.99,
    });
  });

  test('a movie added to the catalog after the first load is named on the next report', async () => {
    await get('/api/reports/top-movies'); // loads the catalog, without movie 999999
    await store.catalog.items.upsert({
      id: 'movie-999999',
      type: 'movie',
      movieId: 999999,
      title: 'The Late Arrival',
      categoryId: 35,
      unitPrice: 1.99,
    });
    try {
      // A miss reloads at most every 5 s, so this may take a few seconds.
      await eventually(
        async () => {
          const { body } = await get('/api/reports/top-movies');
          assert.equal(body.items[3]?.title, 'The Late Arrival');
          assert.equal(body.items[3]?.categoryName, 'Comedy');
        },
        { timeoutMs: 8_000, intervalMs: 250 },
      );
    } finally {
      await store.catalog.item('movie-999999', 'movie').delete();
    }
  });

  test('limit picks how many; the default is 10', async () => {
    assert.equal((await get('/api/reports/top-movies?limit=2')).body.items.length, 2);
    assert.equal((await get('/api/reports/top-movies?limit=50')).body.items.length, 4);
    const many: Record<string, { unitsSold: number; orders: number; revenue: number }> = {};
    for (let i = 0; i < 30; i++) many[String(397518 + i)] = { unitsSold: 100 - i, orders: 1, revenue: 100 };
    await writeView(store.views, { id: 'top-movies', kind: 'top-movies', movies: many });
    const { body } = await get('/api/reports/top-movies');
    assert.equal(body.items.length, 10);
    assert.deepEqual(body.items.at(-1)?.movieId, 397518 + 9);
  });

  test('an ETag names the body: If-None-Match gets a 304 until the view changes', async () => {
    const url = '/api/reports/top-movies?limit=3';
    const first = await app.inject(url);
    const etag = String(first.headers.etag);
    assert.match(etag, /^"[\w-]+"$/);
    assert.equal(first.headers['cache-control'], 'no-cache');
    assert.equal((await app.inject(url)).headers.etag, etag, 'a rebuilt, equal report keeps its tag');
    const unchanged = await app.inject({ url, headers: { 'if-none-match': `"other", ${etag}` } });
    assert.equal(unchanged.statusCode, 304);
    assert.equal(unchanged.body, '');
    assert.equal(unchanged.headers.etag, etag);
    await writeView(store.views, {
      id: 'top-movies',
      kind: 'top-movies',
      movies: { '397518': { unitsSold: 50, orders: 3, revenue: 4995 } },
    });
    const changed = await app.inject({ url, headers: { 'if-none-match': etag } });
    assert.equal(changed.statusCode, 200);
    assert.notEqual(changed.headers.etag, etag);
    assert.equal(changed.json().items[0].unitsSold, 50);
  });

  test('money is serialized with 2 decimals, as numbers', async () => {
    const { text } = await get('/api/reports/top-movies?limit=1');
    assert.match(text, /"revenue":89\.91[,}]/);
  });

  for (const bad of ['0', '51', 'abc', '-1', '2.5']) {
    test(`limit=${bad} is a 400 problem naming the parameter`, async () => {
      const res = await get(`/api/reports/top-movies?limit=${bad}`);
      assert.equal(res.status, 400);
      assert.match(res.type, /^application\/problem\+json/);
      assert.equal(res.body.status, 400);
      assert.match(res.body.detail, /^querystring\/limit /);
    });
  }

  test('the 400 says the bound', async () => {
    assert.equal(
      (await get('/api/reports/top-movies?limit=51')).body.detail,
      'querystring/limit must be <= 50',
    );
    assert.equal(
      (await get('/api/reports/top-movies?limit=0')).body.detail,
      'querystring/limit must be >= 1',
    );
  });
});

describe('GET /api/reports/categories', () => {
  test('units desc (ties by id), Unknown included when sold, unsold categories at zero', async () => {
    await writeView(
      store.views,
      {
        id: 'categories',
        kind: 'categories',
        categories: {
          '28': { unitsSold: 10, orders: 7, revenue: 12990 },
          '35': { unitsSold: 10, orders: 8, revenue: 10990 },
          '0': { unitsSold: 2, orders: 2, revenue: 398 },
          '878': { unitsSold: 11, orders: 3, revenue: 11 },
        },
      },
      { lastEventAt: '2026-11-22T10:00:00.000Z', writtenAt: '2026-11-22T10:00:01.000Z' },
    );
    const { body } = await get('/api/reports/categories');
    assert.deepEqual(body.asOf, {
      lastEventAt: '2026-11-22T10:00:00.000Z',
      writtenAt: '2026-11-22T10:00:01.000Z',
    });
    assert.equal(body.items.length, CATEGORIES.length + 1);
    assert.deepEqual(body.items.slice(0, 4), [
      { categoryId: 878, name: 'Science Fiction', unitsSold: 11, orders: 3, revenue: 0.11 },
      { categoryId: 28, name: 'Action', unitsSold: 10, orders: 7, revenue: 129.9 },
      { categoryId: 35, name: 'Comedy', unitsSold: 10, orders: 8, revenue: 109.9 },
      { categoryId: 0, name: 'Unknown', unitsSold: 2, orders: 2, revenue: 3.98 },
    ]);
    assert.ok(body.items.slice(4).every((c) => c.unitsSold === 0));
  });

  test('names come from the catalog container (an admin rename shows once the catalog loads)', async () => {
    await writeView(store.views, {
      id: 'categories',
      kind: 'categories',
      categories: { '99': { unitsSold: 4, orders: 4, revenue: 400 } },
    });
    const original = (await store.catalog.item('category-99', 'category').read()).resource;
    await store.catalog.items.upsert({ ...original, name: 'True Stories' });
    const fresh = testApp(store, { now: () => NOW });
    try {
      const body = (await fresh.inject('/api/reports/categories')).json();
      assert.deepEqual(body.items[0], {
        categoryId: 99,
        name: 'True Stories',
        unitsSold: 4,
        orders: 4,
        revenue: 4,
      });
    } finally {
      await fresh.close();
      await store.catalog.items.upsert(original);
    }
  });
});

describe('GET /api/reports/orders/hourly', () => {
  beforeEach(async () => {
    // Stored as the projector stores them: one doc per UTC day holding its hours.
    const day = async (writtenAt: string, hours: Parameters<typeof ordersHourDocsOf>[0]) => {
      for (const doc of ordersHourDocsOf(hours))
        await writeView(store.views, doc, { writtenAt, lastEventAt: writtenAt });
    };
    await Promise.all([
      day('2026-11-22T10:29:00.000Z', [
        { hour: '2026-11-22T10', orders: 4, revenue: 12345, units: 7 },
        { hour: '2026-11-22T08', orders: 2, revenue: 1000, units: 2 },
      ]),
      day('2026-11-21T11:05:00.000Z', [
        { hour: '2026-11-21T11', orders: 1, revenue: 199, units: 1 },
        { hour: '2026-11-21T10', orders: 50, revenue: 5000, units: 50 }, // 25 hours ago: outside 24
      ]),
    ]);
  });

  test('24 hours oldest first ending with the current hour, zero-filled', async () => {
    const { status, body } = await get('/api/reports/orders/hourly');
    assert.equal(status, 200);
    assert.equal(body.series.length, 24);
    assert.equal(body.series[0]?.hour, '2026-11-21T11');
    assert.equal(body.series[23]?.hour, '2026-11-22T10');
    assert.deepEqual(body.series[0], { hour: '2026-11-21T11', orders: 1, revenue: 1.99, units: 1 });
    assert.deepEqual(body.series[21], { hour: '2026-11-22T08', orders: 2, revenue: 10, units: 2 });
    assert.deepEqual(body.series[22], { hour: '2026-11-22T09', orders: 0, revenue: 0, units: 0 });
    assert.deepEqual(body.current, { hour: '2026-11-22T10', orders: 4, revenue: 123.45, units: 7 });
    const total = body.series.reduce((sum: number, h) => sum + Number(h.orders), 0);
    assert.equal(total, 7);
    assert.deepEqual(body.asOf, {
      lastEventAt: '2026-11-22T10:29:00.000Z',
      writtenAt: '2026-11-22T10:29:00.000Z',
    });
  });

  test('hours picks the window (1 and 168)', async () => {
    const one = (await get('/api/reports/orders/hourly?hours=1')).body;
    assert.deepEqual(one.series, [one.current]);
    const week = (await get('/api/reports/orders/hourly?hours=168')).body;
    assert.equal(week.series.length, 168);
    assert.equal(week.series[0]?.hour, '2026-11-15T11');
    assert.equal(week.series.find((h) => h.hour === '2026-11-21T10')?.orders, 50);
  });

  for (const bad of ['0', '169', 'x']) {
    test(`hours=${bad} is a 400 naming the parameter`, async () => {
      const res = await get(`/api/reports/orders/hourly?hours=${bad}`);
      assert.equal(res.status, 400);
      assert.match(res.type, /^application\/problem\+json/);
      assert.match(res.body.detail, /^querystring\/hours /);
    });
  }
});

describe('GET /api/reports/orders/daily', () => {
  const day = (d: string, orders: number, revenue: number, units: number, timeZone = 'UTC') =>
    writeView(store.views, {
      id: `orders-day-${d}`,
      kind: 'orders-day',
      day: d,
      timeZone,
      orders,
      revenue,
      units,
    });

  test('7 days oldest first ending today (UTC by default), zero-filled', async () => {
    await Promise.all([
      day('2026-11-22', 30, 45000, 40),
      day('2026-11-20', 3, 300, 3),
      day('2026-11-15', 9, 9, 9),
    ]);
    const { body } = await get('/api/reports/orders/daily');
    assert.equal(body.timeZone, 'UTC');
    assert.deepEqual(
      body.series.map((d) => [d.date, d.orders]),
      [
        ['2026-11-16', 0],
        ['2026-11-17', 0],
        ['2026-11-18', 0],
        ['2026-11-19', 0],
        ['2026-11-20', 3],
        ['2026-11-21', 0],
        ['2026-11-22', 30],
      ],
    );
    assert.deepEqual(body.today, { date: '2026-11-22', orders: 30, revenue: 450, units: 40 });
    assert.equal((await get('/api/reports/orders/daily?days=90')).body.series.length, 90);
    assert.equal((await get('/api/reports/orders/daily?days=90')).body.series[0]?.date, '2026-08-25');
  });

  test('days are calendar days in REPORT_TIMEZONE', async () => {
    // 10:30 UTC is already the 23rd on Kiritimati (UTC+14) and still the 22nd in Los Angeles.
    await Promise.all([day('2026-11-23', 5, 500, 5, 'Pacific/Kiritimati'), day('2026-11-22', 30, 45000, 40)]);
    const kiritimati = testApp(store, { now: () => NOW, timeZone: 'Pacific/Kiritimati' });
    const losAngeles = testApp(store, {
      now: () => new Date('2026-11-22T05:30:00Z'),
      timeZone: 'America/Los_Angeles',
    });
    try {
      const k = (await kiritimati.inject('/api/reports/orders/daily?days=2')).json();
      assert.equal(k.timeZone, 'Pacific/Kiritimati');
      assert.deepEqual(k.today, { date: '2026-11-23', orders: 5, revenue: 5, units: 5 });
      assert.equal(k.series[0]?.date, '2026-11-22');
      const la = (await losAngeles.inject('/api/reports/orders/daily?days=1')).json();
      assert.equal(la.today.date, '2026-11-21');
    } finally {
      await kiritimati.close();
      await losAngeles.close();
    }
  });

  for (const bad of ['0', '91', '1e9x']) {
    test(`days=${bad} is a 400 naming the parameter`, async () => {
      const res = await get(`/api/reports/orders/daily?days=${bad}`);
      assert.equal(res.status, 400);
      assert.match(res.type, /^application\/problem\+json/);
      assert.match(res.body.detail, /^querystring\/days /);
    });
  }
});

describe('view generations', () => {
  test('readers follow the pointer document to the generation it names', async () => {
    const movies = (units: number) => ({ '397518': { unitsSold: units, orders: 1, revenue: 100 } });
    await writeView(store.views, { id: 'top-movies', kind: 'top-movies', movies: movies(1) });
    await writeView(
      store.views,
      { id: 'top-movies', kind: 'top-movies', movies: movies(2) },
      { generation: 2 },
    );
    assert.equal((await get('/api/reports/top-movies')).body.items[0]?.unitsSold, 1);
    await writeGenerations(store.views, { 'top-movies': 2 });
    app.reports.reader.invalidate(); // the pointer is otherwise cached for 1 s
    assert.equal((await get('/api/reports/top-movies')).body.items[0]?.unitsSold, 2);
  });

  test('the cached pointer is read again after about a second', async () => {
    await writeView(store.views, {
      id: 'categories',
      kind: 'categories',
      categories: { '28': { unitsSold: 1, orders: 1, revenue: 1 } },
    });
    await writeView(
      store.views,
      { id: 'categories', kind: 'categories', categories: { '28': { unitsSold: 3, orders: 1, revenue: 1 } } },
      { generation: 3 },
    );
    assert.equal((await get('/api/reports/categories')).body.items[0]?.unitsSold, 1);
    await writeGenerations(store.views, { categories: 3 });
    await eventually(
      async () => assert.equal((await get('/api/reports/categories')).body.items[0]?.unitsSold, 3),
      { timeoutMs: 3_000 },
    );
  });
});

describe('a view rebuilt for a new document layout', () => {
  test('its report answers 503 with the reason and Retry-After, the others and /readyz do not; then exact', async () => {
    const day = { hour: '2026-11-22T10', orders: 4, revenue: 12345, units: 7 };
    for (const doc of ordersHourDocsOf([day])) await writeView(store.views, doc, { generation: 2 });
    await writeView(store.views, {
      id: 'top-movies',
      kind: 'top-movies',
      movies: { '397518': { unitsSold: 1, orders: 1, revenue: 100 } },
    });
    // The pointer as a release from before layout versions left it (orders-hour and the funnel in layout 1),
    // while the projector rebuilds orders-hour into generation 2 in its new layout.
    await store.views.items.upsert({
      id: 'view-generations',
      generations: { 'top-movies': 1, categories: 1, 'orders-hour': 1, 'orders-day': 1, funnel: 1 },
      switchedAt: '2026-11-22T10:00:00.000Z',
    });
    app.reports.reader.invalidate();
    for (const [url, view] of [
      ['/api/reports/orders/hourly', 'orders-hour'],
      ['/api/reports/funnel', 'funnel'],
    ] as const) {
      const res = await app.inject(url);
      assert.equal(res.statusCode, 503, url);
      assert.equal(res.headers['retry-after'], '10');
      assert.match(String(res.headers['content-type']), /application\/problem\+json/);
      const problem = res.json<{ view: string; detail: string; status: number }>();
      assert.equal(problem.view, view);
      assert.equal(problem.status, 503);
      assert.match(
        problem.detail,
        new RegExp(`the ${view} view is being rebuilt for this release's document layout`),
      );
    }
    assert.equal((await get('/api/reports/top-movies')).body.items[0]?.unitsSold, 1);
    assert.equal((await get('/api/reports/orders/daily')).status, 200);
    assert.notEqual((await app.inject('/readyz')).statusCode, 503, 'the api itself stays ready');
    const metrics = await app.registry.metrics();
    assert.match(metrics, /views_rebuilding\{view="funnel"[^}]*\} 1/);
    assert.match(metrics, /views_rebuilding\{view="top-movies"[^}]*\} 0/);

    // The projector's switch: generation 2, built with this code's layout.
    await writeGenerations(store.views, { 'orders-hour': 2 });
    app.reports.reader.invalidate();
    const hourly = await get('/api/reports/orders/hourly');
    assert.equal(hourly.status, 200);
    assert.deepEqual(hourly.body.current, { hour: '2026-11-22T10', orders: 4, revenue: 123.45, units: 7 });
    assert.equal((await app.inject('/api/reports/funnel')).statusCode, 200);
    assert.match(await app.registry.metrics(), /views_rebuilding\{view="funnel"[^}]*\} 0/);
  });
});

test('concurrent requests share reads; a write shows at once through the views change feed', async () => {
  const cached = testApp(store, { now: () => NOW });
  try {
    const doc = (units: number) => ({
      id: 'top-movies' as const,
      kind: 'top-movies' as const,
      movies: { '397518': { unitsSold: units, orders: 1, revenue: 100 } },
    });
    await writeView(store.views, doc(1));
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => cached.inject('/api/reports/top-movies')),
    );
    assert.ok(answers.every((a) => a.json().items[0].unitsSold === 1));
    // The first read started the views change feed; once it watches, reads are trusted for 5 s, so the
    // write below can only show this soon because the feed forgets the doc it names.
    await eventually(() => assert.equal(cached.reports.reader.docTtlMs, 5_000), { timeoutMs: 5_000 });
    await writeView(store.views, doc(2));
    await eventually(
      async () => assert.equal((await cached.inject('/api/reports/top-movies')).json().items[0].unitsSold, 2),
      { timeoutMs: 2_000, intervalMs: 50 },
    );
  } finally {
    await cached.close();
  }
});

test('a built report is reused while its docs are unchanged, and built again when one of its view changes', async () => {
  const cached = testApp(store, { now: () => NOW, views: { docTtlMs: 100 } });
  await cached.ready();
  try {
    const hour = (orders: number) =>
      writeView(
        store.views,
        ordersHourDocsOf([{ hour: '2026-11-22T10', orders, revenue: orders * 100, units: orders }])[0]!,
      );
    await hour(3);
    await cached.reports.hourly(24); // the first read starts the views change feed
    // Once the feed watches, what was read before its start is forgotten once (and read again here); after
    // that the version moves only when the feed names a changed doc.
    await eventually(() => assert.equal(cached.reports.reader.docTtlMs, 5_000), { timeoutMs: 5_000 });
    await cached.reports.hourly(24);
    const built = await cached.reports.hourly(24);
    assert.equal(built.current.orders, 3);
    assert.equal(await cached.reports.hourly(24), built, 'the same report, nothing read');
    const categories = await cached.reports.categories();
    const version = cached.reports.reader.versionOf('orders-hour');
    const otherVersion = cached.reports.reader.versionOf('categories');
    for (let i = 0; i < 3; i++) {
      await new Promise((r) => setTimeout(r, 150));
      assert.equal((await cached.reports.hourly(24)).current.orders, 3);
    }
    assert.equal(cached.reports.reader.versionOf('orders-hour'), version);
    await hour(4);
    await eventually(async () => assert.equal((await cached.reports.hourly(24)).current.orders, 4), {
      timeoutMs: 3_000,
      intervalMs: 50,
    });
    assert.notEqual(cached.reports.reader.versionOf('orders-hour'), version);
    // Per view: the write to an hour doc rebuilt the hourly report only.
    assert.equal(cached.reports.reader.versionOf('categories'), otherVersion);
    assert.equal(await cached.reports.categories(), categories, 'another view’s report is not rebuilt');
  } finally {
    await cached.close();
  }
});

test('the OpenAPI document describes every report route', async () => {
  const doc = (await app.inject('/docs/json')).json();
  for (const path of [
    '/api/reports/top-movies',
    '/api/reports/categories',
    '/api/reports/orders/hourly',
    '/api/reports/orders/daily',
    '/api/stream',
  ])
    assert.ok(doc.paths[path]?.get, `${path} is documented`);
  const limit = doc.paths['/api/reports/top-movies'].get.parameters.find(
    (p: { name: string }) => p.name === 'limit',
  );
  assert.equal(limit.schema.maximum, 50);
});

describe('the partials layout: one doc per lease, merged by the reader', () => {
  const A = '-80';
  const B = '80-FF';

  test('every listed writer’s partial is merged with the view’s merge; rankings by the newest reading', async () => {
    const sales = (units: number) => ({ unitsSold: units, orders: units, revenue: units * 100 });
    await writeView(
      store.views,
      { id: 'categories', kind: 'categories', categories: { '35': sales(2) } },
      { writer: A, lastEventAt: '2026-11-22T10:10:00.000Z' },
    );
    await writeView(
      store.views,
      { id: 'categories', kind: 'categories', categories: { '35': sales(3), '36': sales(1) } },
      { writer: B, lastEventAt: '2026-11-22T10:20:00.000Z' },
    );
    const hour = (orders: number) =>
      ordersHourDocsOf([{ hour: '2026-11-22T10', orders, revenue: orders * 1000, units: orders }])[0]!;
    await writeView(store.views, hour(4), { writer: A });
    await writeView(store.views, hour(6), { writer: B });
    // Each ranking holds totals as that lease last read them: the reader keeps the newest per movie.
    const ranking = (movies: Record<string, ReturnType<typeof sales>>) => ({
      id: 'top-movies' as const,
      kind: 'top-movies' as const,
      movies,
    });
    await writeView(store.views, ranking({ '397518': sales(5), '397519': sales(9) }), { writer: A });
    await writeView(store.views, ranking({ '397518': sales(7) }), { writer: B });

    const categories = await get('/api/reports/categories');
    const comedy = categories.body.items.find((c) => c.categoryId === 35)!;
    assert.deepEqual([comedy.unitsSold, comedy.orders, comedy.revenue], [5, 5, 5]);
    assert.equal(categories.body.items.find((c) => c.categoryId === 36)!.unitsSold, 1);
    assert.equal((categories.body.asOf as { lastEventAt: string }).lastEventAt, '2026-11-22T10:20:00.000Z');
    const hourly = await get('/api/reports/orders/hourly');
    assert.deepEqual(hourly.body.current, { hour: '2026-11-22T10', orders: 10, revenue: 100, units: 10 });
    const top = await get('/api/reports/top-movies');
    assert.deepEqual(
      top.body.items.map((m) => [m.movieId, m.unitsSold]),
      [
        [397519, 9],
        [397518, 7],
      ],
    );
  });

  test('a generation written before partials (no writers doc) is still read as one doc', async () => {
    await writeView(
      store.views,
      {
        id: 'categories',
        kind: 'categories',
        categories: { '35': { unitsSold: 4, orders: 2, revenue: 998 } },
      },
      { legacy: true },
    );
    const categories = await get('/api/reports/categories');
    assert.equal(categories.body.items.find((c) => c.categoryId === 35)!.unitsSold, 4);
  });
});

const DUNE = 397518;
const dune = catalog.movies.find((m) => m.movieId === DUNE)!;
const funnel = (views: number, carts: number, checkouts: number, orders: number): FunnelCounters => ({
  views,
  carts,
  checkouts,
  orders,
});

async function getJson(url: string) {
  const res = await app.inject(url);
  return { status: res.statusCode, body: res.json(), type: String(res.headers['content-type']) };
}

describe('GET /api/reports/funnel', () => {
  beforeEach(async () => {
    // Two leases' partials of the current hour, one of 09:00, and one 24 hours ago (outside the default window),
    // stored as the projector stores them: a doc per UTC day, and per 4-hour block for the movies.
    const write = async (writer: string, hours: FunnelHourCounts[]) => {
      const at = { lastEventAt: '2026-11-22T10:10:00.000Z', writtenAt: '2026-11-22T10:11:00.000Z' };
      for (const doc of funnelDocsOf(hours)) await writeView(store.views, doc, { writer, ...at });
    };
    await write('-80', [
      {
        hour: '2026-11-22T10',
        total: funnel(10, 4, 2, 1),
        categories: { 28: funnel(10, 4, 2, 1) },
        movies: { [DUNE]: funnel(3, 2, 1, 1) },
      },
      { hour: '2026-11-22T09', total: funnel(5, 0, 0, 0), categories: { 35: funnel(5, 0, 0, 0) } },
      { hour: '2026-11-21T10', total: funnel(99, 0, 0, 0), categories: { 35: funnel(99, 0, 0, 0) } },
    ]);
    await write('80-FF', [
      {
        hour: '2026-11-22T10',
        total: funnel(10, 4, 3, 2),
        categories: { 28: funnel(6, 4, 3, 2), 0: funnel(4, 0, 0, 0) },
        movies: { [DUNE]: funnel(1, 1, 1, 0), [DUNE + 1]: funnel(7, 0, 0, 0) },
      },
    ]);
  });

  test('24 hours ending with the current one, both leases merged, rates from the summed counts', async () => {
    const { status, body } = await getJson('/api/reports/funnel');
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
    const { status, body } = await getJson(`/api/reports/funnel?hours=2&movieId=${DUNE}`);
    assert.equal(status, 200);
    assert.deepEqual(body.movie, {
      movieId: DUNE,
      title: dune.title,
      categoryId: dune.categoryId,
      categoryName: CATEGORIES.find((c) => c.categoryId === dune.categoryId)?.name,
    });
    assert.deepEqual(
      body.series.map((h: { views: number }) => h.views),
      [0, 4],
    );
    assert.equal(body.total.rates.viewToCart, 0.75);
    assert.deepEqual(body.categories, []);
  });

  test('category= counts that category only (0 is Unknown)', async () => {
    const action = (await getJson('/api/reports/funnel?category=28')).body;
    assert.deepEqual(action.category, { categoryId: 28, name: 'Action' });
    assert.equal(action.total.views, 16);
    const unknown = (await getJson('/api/reports/funnel?category=0&hours=1')).body;
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
      const res = await getJson(`/api/reports/funnel?${query}`);
      assert.equal(res.status, 400);
      assert.match(res.type, /^application\/problem\+json/);
      assert.match(res.body.detail, pattern);
    });
  }

  test('a category the catalog does not have is a 404', async () => {
    const res = await getJson('/api/reports/funnel?category=424242');
    assert.equal(res.status, 404);
    assert.match(res.body.detail, /category 424242 is not in the catalog/);
  });

  test('the OpenAPI document describes the route and its parameters', async () => {
    const doc = (await app.inject('/docs/json')).json();
    const params = doc.paths['/api/reports/funnel'].get.parameters.map((p: { name: string }) => p.name);
    assert.deepEqual(params.sort(), ['category', 'hours', 'movieId']);
  });
});
