// LiveViews with stand-in reports: which views a change re-reads, and what a failed build leaves behind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LiveViews, type Snapshot } from '../src/live/live-views.ts';
import type { Reports } from '../src/read-models/reports.ts';

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
