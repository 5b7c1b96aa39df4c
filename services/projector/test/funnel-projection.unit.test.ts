// The funnel through the projector's own handler, with the guarantees of the order views: clicks and orders in
// one feed, one write per doc per batch, crash and longer redelivery, takeover, split, and what it cannot count
// set aside with a reason. Counted against the same events folded by hand.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  funnelDayDocId,
  funnelMovieHoursDocId,
  funnelOfHour,
  funnelOfMovieHour,
  type FunnelCounters,
  type FunnelDayDoc,
  type FunnelMovieHoursDoc,
  type StoredViewDoc,
} from '@marquee/domain';
import { ViewProjection } from '../src/projection/index.ts';
import {
  clickEvent,
  context,
  feedEvent,
  lease,
  memoryViewStores,
  MemoryQuarantine,
  MemoryStore,
  merged,
  ordersInHour,
  testMetrics,
} from './support/fixtures.ts';

const DUNE = 397518;
const HEIST = 397519;
const H10 = '2026-11-22T10';
const funnel = (views: number, carts: number, checkouts: number, orders: number): FunnelCounters => ({
  views,
  carts,
  checkouts,
  orders,
});

function projection(store: MemoryStore<StoredViewDoc>, view: 'funnel' | 'orders-hour' = 'funnel') {
  const metrics = testMetrics();
  const quarantine = new MemoryQuarantine();
  const pulled: number[][] = [];
  const stores = memoryViewStores(store, { onConflict: () => metrics.writeConflicts.inc({ view }) });
  const catalog = {
    categoryOf: (id: number) => (id === DUNE ? 3 : undefined),
    ensureKnown: async (ids: Iterable<number>) => void pulled.push([...ids]),
  };
  const p = new ViewProjection({
    ...{ view, generation: 1, stores, quarantine, catalog, timeZone: 'UTC', metrics, concurrency: 4 },
  });
  return { p, metrics, quarantine, pulled };
}

// LSN n: a view of DUNE, a cart of DUNE, a checkout of DUNE, then an order of DUNE and HEIST, over and over,
// in hour 10 (odd n) or 11 (even n).
const at = (n: number) => `2026-11-22T1${n % 2 === 1 ? 0 : 1}:0${n % 10}:00.000Z`;
const STEPS = ['ProductViewed', 'AddedToCart', 'CheckoutStarted'] as const;
const event = (n: number) =>
  n % 4 === 0
    ? feedEvent(n, at(n), [
        [DUNE, 1, 4.99],
        [HEIST, 2, 9.99],
      ])
    : clickEvent(n, STEPS[(n % 4) - 1]!, at(n), DUNE);
const events = Array.from({ length: 40 }, (_, i) => event(i + 1));

// Hours 10 and 11 share a day doc and a movie doc (the block of hours 08-11).
const hourOf = (store: MemoryStore<StoredViewDoc>, hour: string) =>
  funnelOfHour(merged<FunnelDayDoc>(store, 'funnel', funnelDayDocId(hour)), hour);
const moviesOf = (store: MemoryStore<StoredViewDoc>, hour: string) => {
  const doc = merged<FunnelMovieHoursDoc>(store, 'funnel', funnelMovieHoursDocId(hour, DUNE));
  return Object.fromEntries([DUNE, HEIST].map((id) => [id, funnelOfMovieHour(doc, id, hour)]));
};

/** The 40 events counted once: per hour 10 views, 10 carts, 10 checkouts... as the LSNs fall. */
function assertCountedOnce(store: MemoryStore<StoredViewDoc>): void {
  // LSN mod 4 = 1, 3 are hour 10 (views, checkouts); 2, 0 are hour 11 (carts, orders).
  assert.deepEqual(hourOf(store, H10)?.total, funnel(10, 0, 10, 0));
  assert.deepEqual(hourOf(store, '2026-11-22T11')?.total, funnel(0, 10, 0, 10));
  assert.deepEqual(hourOf(store, '2026-11-22T11')?.categories, {
    3: funnel(0, 10, 0, 10),
    0: funnel(0, 0, 0, 10),
  });
  assert.deepEqual(moviesOf(store, '2026-11-22T11'), {
    [DUNE]: funnel(0, 10, 0, 10),
    [HEIST]: funnel(0, 0, 0, 10),
  });
}

describe('the funnel in the batch handler', () => {
  test('clicks and orders of one feed: every step counted once, one write per doc, the movies looked up first', async () => {
    const store = new MemoryStore<StoredViewDoc>();
    const { p, pulled } = projection(store);
    const summary = await p.apply(events, context(lease('', 'FF'), events));
    assertCountedOnce(store);
    assert.equal(summary.docs, 2, 'two hours of one day and one block: the day doc + one movie doc');
    assert.equal(store.writes, 2);
    assert.deepEqual(pulled, [[DUNE, HEIST]], 'the catalog was brought up to date with the batch movies');
  });

  test('the order views pass the clicks by', async () => {
    const store = new MemoryStore<StoredViewDoc>();
    const { p } = projection(store, 'orders-hour');
    const summary = await p.apply(events, context(lease('', 'FF'), events));
    assert.equal(summary.applied, 10);
    assert.equal(ordersInHour(store, '2026-11-22T11').orders, 10);
  });

  test('a crash after one doc was written, then a longer redelivery: each event once', async () => {
    const store = new MemoryStore<StoredViewDoc>();
    let allowed = 1;
    store.beforeWrite = () => {
      if (allowed-- <= 0) throw new Error('process killed');
    };
    const first = events.slice(0, 25);
    await assert.rejects(projection(store).p.apply(first, context(lease('', 'FF'), first)), /process killed/);
    store.beforeWrite = undefined;
    await projection(store).p.apply(events, context(lease('', 'FF'), events));
    assertCountedOnce(store);
  });

  test('a takeover: a stale owner and the new one write the same partials at once, 412s settle it', async () => {
    const store = new MemoryStore<StoredViewDoc>();
    const [stale, owner] = [projection(store), projection(store)];
    store.beforeWrite = () => new Promise((resolve) => setImmediate(resolve));
    const l = lease('', 'FF');
    await Promise.all([
      stale.p.apply(events.slice(0, 30), context(l, events.slice(0, 30))),
      owner.p.apply(events, context(l, events)),
    ]);
    assertCountedOnce(store);
    const conflicts = (await owner.metrics.writeConflicts.get()).values[0]?.value ?? 0;
    const staleConflicts = (await stale.metrics.writeConflicts.get()).values[0]?.value ?? 0;
    assert.ok(conflicts + staleConflicts > 0, 'the interleaving did cause 412s');
  });

  test('a split: the parent counted past its checkpoint, its children read on from it: each event once', async () => {
    const store = new MemoryStore<StoredViewDoc>();
    const range = (from: number, to: number, odd?: boolean) =>
      events.filter((e) => {
        const n = e._lsn!;
        return n >= from && n <= to && (odd === undefined || n % 2 === (odd ? 1 : 0));
      });
    const [parent, left, right] = [lease('', '80'), lease('', '40'), lease('40', '80')];
    await projection(store).p.apply(range(1, 10), context(parent, range(1, 10)));
    await projection(store).p.apply(range(11, 20), context(parent, range(11, 20))); // not checkpointed
    await Promise.all([
      projection(store).p.apply(range(11, 40, true), context(left, range(11, 40, true))),
      projection(store).p.apply(range(11, 40, false), context(right, range(11, 40, false))),
    ]);
    assertCountedOnce(store);
  });

  test('a click it cannot read is set aside with the reason; other versions and types pass; the rest counts', async () => {
    const store = new MemoryStore<StoredViewDoc>();
    const { p, quarantine } = projection(store);
    const broken = { ...clickEvent(41, 'AddedToCart', at(41), DUNE), data: { sessionId: 's' } };
    const older = { ...clickEvent(42, 'ProductViewed', at(42), DUNE), schemaVersion: 1 };
    const other = { id: 'x', type: 'PageScrolled', schemaVersion: 1, _lsn: 43 };
    const feed = [...events, broken, older, other] as typeof events;
    const summary = await p.apply(feed, context(lease('', 'FF'), feed));
    assertCountedOnce(store);
    assert.equal(summary.quarantined, 1);
    assert.deepEqual(
      quarantine.items.map((q) => [q.event.id, q.reason]),
      [
        [
          'AddedToCart:41',
          'not an AddedToCart envelope: occurredAt, data, an integer movieId or device missing',
        ],
      ],
    );
  });
});
