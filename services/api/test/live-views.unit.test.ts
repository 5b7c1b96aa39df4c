// LiveViews with stand-in reports: which views a change re-reads, and what a failed build leaves behind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LiveViews, type Snapshot } from '../src/live/live-views.ts';
import type { Reports } from '../src/read-models/reports.ts';
import { ViewRebuilding } from '../src/read-models/view-rebuilding.ts';

const NOW = new Date('2026-11-22T10:30:00Z');
const asOf = { lastEventAt: null, writtenAt: null };

/** Reports whose categories report counts its reads and fails while `failing` is set. */
function fakeReports() {
  const state = { categoryReads: 0, failing: false };
  const reports = {
    timeZone: 'UTC',
    reader: { knownGenerations: () => undefined, forget: () => undefined, invalidate: () => undefined },
    topMovies: async () => ({ asOf, items: [] }),
    categories: async () => {
      state.categoryReads++;
      if (state.failing) throw new Error('views store down');
      return { asOf, items: [] };
    },
    hourly: async () => ({
      asOf,
      current: { hour: '2026-11-22T10', orders: 0, revenue: 0, units: 0 },
      series: [{ hour: '2026-11-22T10', orders: 0, revenue: 0, units: 0 }],
    }),
    daily: async () => ({
      asOf,
      timeZone: 'UTC',
      today: { date: '2026-11-22', orders: 0, revenue: 0, units: 0 },
      series: [],
    }),
  };
  return { state, reports: reports as unknown as Reports };
}

test('a view whose rebuild failed is read again by the next build, whatever that one is for', async () => {
  const { state, reports } = fakeReports();
  const live = new LiveViews({ reports, now: () => NOW, startFeed: async () => undefined });
  const snapshots: Snapshot[] = [];
  await live.subscribe((s) => snapshots.push(s));
  await live.current();
  assert.equal(state.categoryReads, 1);

  state.failing = true;
  live.changed(['g1.categories']);
  await live.current();
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(state.categoryReads, 2);
  assert.equal(snapshots.length, 1, 'a failed build sends nothing');

  state.failing = false;
  live.changed(['g1.top-movies']);
  for (let i = 0; i < 10 && snapshots.length < 2; i++) await new Promise((r) => setImmediate(r));
  assert.equal(snapshots.length, 2);
  assert.equal(state.categoryReads, 3, 'categories were re-read');
  assert.deepEqual(snapshots[1]?.payload.changed, ['categories', 'top-movies']);
  live.close();
});

test('a funnel change sends nothing on the stream (its panel polls the funnel report) and forgets its doc', async () => {
  const { reports } = fakeReports();
  const forgotten: string[] = [];
  reports.reader.forget = (ids: Iterable<string>) => void forgotten.push(...ids);
  const live = new LiveViews({ reports, now: () => NOW, startFeed: async () => undefined });
  const snapshots: Snapshot[] = [];
  await live.subscribe((s) => snapshots.push(s));
  await live.current();
  live.changed(['g1.funnel-day-2026-11-22@-FF', 'g1.funnel-movie-hours-2026-11-22T08-1552@-FF']);
  live.changed(['g1.orders-hours-2026-11-22@-FF']);
  for (let i = 0; i < 10 && snapshots.length < 2; i++) await new Promise((r) => setImmediate(r));
  assert.deepEqual(
    snapshots.map((s) => s.payload.changed),
    [['categories', 'orders-day', 'orders-hour', 'top-movies'], ['orders-hour']],
  );
  assert.ok(forgotten.includes('g1.funnel-day-2026-11-22@-FF'));
  live.close();
});

test('a view rebuilt for a new layout is a blank part named in `rebuilding`, until its report is served again', async () => {
  const { reports } = fakeReports();
  const served = reports.hourly.bind(reports);
  let rebuilding = true;
  reports.hourly = async (hours: number) => {
    if (rebuilding) throw new ViewRebuilding('orders-hour');
    return served(hours);
  };
  const live = new LiveViews({ reports, now: () => NOW, startFeed: async () => undefined });
  const snapshots: Snapshot[] = [];
  await live.subscribe((s) => snapshots.push(s));
  const first = (await live.current()).payload;
  assert.deepEqual(first.rebuilding, ['orders-hour']);
  assert.equal(first.hourly.series.length, 24, 'a blank day of hours, not figures');
  assert.ok(first.hourly.series.every((h) => h.orders === 0));
  assert.equal(first.hourly.asOf.writtenAt, null);

  // A change of another view keeps the mark: the hourly part was not read again.
  live.changed(['g1.top-movies']);
  for (let i = 0; i < 10 && snapshots.length < 2; i++) await new Promise((r) => setImmediate(r));
  assert.deepEqual(snapshots[1]?.payload.changed, ['top-movies']);
  assert.deepEqual(snapshots[1]?.payload.rebuilding, ['orders-hour']);

  // The switch (a pointer change): every view is read again, the hourly one served.
  rebuilding = false;
  live.changed(['view-generations']);
  for (let i = 0; i < 10 && snapshots.length < 3; i++) await new Promise((r) => setImmediate(r));
  assert.equal(snapshots[2]?.payload.rebuilding, undefined);
  assert.equal(snapshots[2]?.payload.hourly.series.length, 1);
  live.close();
});
