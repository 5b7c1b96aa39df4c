// /api/stream against a real Cosmos emulator: a view doc written directly reaches connected clients.
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { hourKeyOf, ordersHourDocsOf } from '@marquee/domain';
import type { MarqueeApp } from '../src/index.ts';
import {
  clearViews,
  startStore,
  testApp,
  writeGenerations,
  writeView,
  type Store,
} from './reports-fixture.ts';
import { SseReader } from '@marquee/test-support';

let store: Store;
let app: MarqueeApp;
let base: string;
const readers: SseReader[] = [];

async function open(headers: Record<string, string> = {}): Promise<SseReader> {
  const reader = await SseReader.open(`${base}/api/stream`, headers);
  readers.push(reader);
  return reader;
}

const hourDoc = (orders: number, hour = hourKeyOf(new Date())) =>
  ordersHourDocsOf([{ hour, orders, revenue: orders * 1000, units: orders }])[0]!;

before(async () => {
  store = await startStore();
  // The production poll interval (200 ms), so the 1 s bound below is the real one.
  app = testApp(store, { views: { pollMs: 200, heartbeatMs: 300 } });
  base = await app.listen({ host: '127.0.0.1', port: 0 });
});
after(async () => {
  for (const r of readers) r.close();
  await app.close();
  await store.close();
});
beforeEach(async () => {
  for (const r of readers.splice(0)) r.close();
  await clearViews(store.views);
});

test('the stream opens with SSE headers, a retry hint and the current snapshot', async () => {
  await writeView(store.views, {
    id: 'top-movies',
    kind: 'top-movies',
    movies: { '397518': { unitsSold: 12, orders: 10, revenue: 11988 } },
  });
  // The first client of the process: the snapshot is built on connect.
  const reader = await open();
  assert.equal(reader.response.status, 200);
  assert.match(reader.response.headers.get('content-type') ?? '', /^text\/event-stream/);
  assert.match(reader.response.headers.get('cache-control') ?? '', /no-cache/);
  const retry = await reader.waitFor((e) => e.retry !== undefined);
  assert.equal(retry.retry, 2000);
  const first = await reader.waitFor(
    (e) => e.event === 'views' && JSON.parse(e.data!).topMovies.items.length > 0,
  );
  assert.ok(Number(first.id) > 0);
  const payload = JSON.parse(first.data!);
  assert.equal(payload.topMovies.items[0].movieId, 397518);
  assert.equal(payload.topMovies.items[0].revenue, 119.88);
  assert.equal(payload.hourly.series.length, 24);
  assert.equal(payload.categories.items.length, 19);
  assert.ok('today' in payload.daily);
  assert.equal(typeof payload.eventsPerSecond, 'number');
  // The category cache's hit counts ride along (the API always registers that plugin).
  assert.deepEqual(Object.keys(payload.cache.reads).sort(), ['BYPASS', 'HIT-L1', 'HIT-REDIS', 'MISS']);
});

test('a view change reaches every connected client as one event with one id (latency printed)', async (t) => {
  const clients = await Promise.all([open(), open(), open()]);
  await Promise.all(clients.map((c) => c.waitFor((e) => e.event === 'views')));
  const written = performance.now();
  await writeView(store.views, hourDoc(7));
  const updates = await Promise.all(
    clients.map((c) =>
      c.waitFor((e) => e.event === 'views' && JSON.parse(e.data!).hourly.current.orders === 7, 10_000),
    ),
  );
  for (const update of updates) {
    // The 1 s target is measured by `pnpm bench reports`; here the latency is reported, not asserted.
    t.diagnostic(`arrived ${Math.round(update.at - written)} ms after the view write`);
    assert.deepEqual(JSON.parse(update.data!).changed, ['orders-hour']);
    assert.equal(JSON.parse(update.data!).hourly.current.revenue, 70);
  }
  assert.equal(new Set(updates.map((u) => u.id)).size, 1, 'the same event id for all');
});

test('events per second follow successive order totals', async () => {
  const reader = await open();
  await reader.waitFor((e) => e.event === 'views');
  await writeView(store.views, hourDoc(10));
  await reader.waitFor((e) => e.event === 'views' && JSON.parse(e.data!).hourly.current.orders === 10);
  await new Promise((r) => setTimeout(r, 500));
  await writeView(store.views, hourDoc(40));
  const update = await reader.waitFor(
    (e) => e.event === 'views' && JSON.parse(e.data!).hourly.current.orders === 40,
  );
  const eps = JSON.parse(update.data!).eventsPerSecond;
  // 30 more orders over at least half a second: a rate above 0 and at most 60/s, however busy the machine.
  assert.ok(eps > 0 && eps <= 60, `eventsPerSecond ${eps}`);
});

test('Last-Event-ID: no snapshot for a client that has the current one, a snapshot for an older id', async () => {
  const first = await open();
  const snapshot = await first.waitFor((e) => e.event === 'views');

  const upToDate = await open({ 'last-event-id': snapshot.id! });
  const behind = await open({ 'last-event-id': String(Number(snapshot.id) - 1) });
  const garbage = await open({ 'last-event-id': 'not-a-number' });
  const fromBehind = await behind.waitFor((e) => e.event === 'views');
  assert.equal(fromBehind.id, snapshot.id);
  assert.equal((await garbage.waitFor((e) => e.event === 'views')).id, snapshot.id);
  await upToDate.waitFor((e) => e.retry !== undefined);
  await new Promise((r) => setTimeout(r, 400));
  assert.equal(upToDate.views.length, 0, 'nothing resent');

  await writeView(store.views, hourDoc(3));
  const next = await upToDate.waitFor((e) => e.event === 'views');
  assert.ok(Number(next.id) > Number(snapshot.id));
  assert.equal(JSON.parse(next.data!).hourly.current.orders, 3);
});

test('heartbeat comments keep an idle stream alive', async () => {
  const reader = await open();
  const beat = await reader.waitFor((e) => e.comments.some((c) => c.startsWith('keep-alive')), 2_000);
  assert.ok(beat);
});

test('a generation switch (pointer doc) refreshes every view from the new generation', async () => {
  const reader = await open();
  await reader.waitFor((e) => e.event === 'views');
  await writeView(
    store.views,
    { id: 'categories', kind: 'categories', categories: { '16': { unitsSold: 42, orders: 1, revenue: 1 } } },
    { generation: 2 },
  );
  await writeGenerations(store.views, { categories: 2 });
  const update = await reader.waitFor(
    (e) => e.event === 'views' && JSON.parse(e.data!).categories.items[0].unitsSold === 42,
    3_000,
  );
  assert.deepEqual(JSON.parse(update.data!).changed, [
    'categories',
    'orders-day',
    'orders-hour',
    'top-movies',
  ]);
});

test('docs of a generation that is not live (a rebuild in progress) send nothing', async () => {
  const reader = await open();
  const first = await reader.waitFor((e) => e.event === 'views');
  await writeGenerations(store.views, {}); // everything back at generation 1
  await reader.waitFor((e) => e.event === 'views' && Number(e.id) > Number(first.id));
  const before = reader.views.length;
  await writeView(store.views, hourDoc(999), { generation: 7 });
  await new Promise((r) => setTimeout(r, 800));
  assert.equal(reader.views.length, before);
  await writeView(store.views, hourDoc(5));
  const live = await reader.waitFor(
    (e) => e.event === 'views' && JSON.parse(e.data!).hourly.current.orders === 5,
  );
  assert.ok(live);
});

test('closing the app ends open streams cleanly and promptly', async () => {
  const other = testApp(store, { views: { pollMs: 200 } });
  const url = await other.listen({ host: '127.0.0.1', port: 0 });
  const reader = await SseReader.open(`${url}/api/stream`);
  await reader.waitFor((e) => e.event === 'views');
  const started = performance.now();
  await other.close();
  await reader.ended;
  assert.ok(performance.now() - started < 5_000, 'close did not wait for the stream to time out');
  assert.equal(other.sseClients.size, 0);
});
