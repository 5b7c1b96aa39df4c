// Specifications for the projector's write path: batch folds, delta merges, exactly-once application.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  unappliedEvents,
  applyBatchIdempotently,
  applyDelta,
  catalogLookup,
  foldBatch,
  generateCatalog,
  mulberry32,
  randomInt,
  zipfSampler,
} from '../src/index.ts';
import type { FoldContext, OrderPlaced, OrdersDayDelta, ViewDelta, ViewDoc } from '../src/index.ts';
import { appliedInBatches, evolvedIntoDocs, given } from './given.ts';
import { line, placed } from './fixtures.ts';

const catalog = generateCatalog();
const ctx: FoldContext = { categoryOf: catalogLookup(catalog).categoryOf, timeZone: 'America/New_York' };

// 300 orders over three days, popular movies first, a few products the catalog does not know.
function traffic(count: number): OrderPlaced[] {
  const rng = mulberry32(99);
  const nextMovie = zipfSampler(catalog.movies.length, 1, rng);
  return Array.from({ length: count }, () => {
    const lines = Array.from({ length: randomInt(rng, 1, 3) }, () => {
      const movie = catalog.movies[nextMovie()]!;
      const productId = rng() < 0.05 ? 1000 + randomInt(rng, 0, 9) : movie.movieId;
      return line(productId, randomInt(rng, 1, 4), movie.unitPrice);
    });
    const at = new Date(Date.UTC(2026, 2, 7) + Math.floor(rng() * 3 * 86_400_000)).toISOString();
    return placed({ at, lines });
  });
}

const events = traffic(300);

/** The stored docs without the projector's bookkeeping, to compare with the views evolve builds. */
const withoutBookkeeping = (docs: Record<string, ViewDoc>) =>
  Object.fromEntries(Object.entries(docs).map(([id, { appliedLsn: _, ...doc }]) => [id, doc]));

describe('batch fold', () => {
  test('applying one batch equals folding evolve one event at a time', () =>
    given(...events)
      .when(appliedInBatches(ctx, [events.length]))
      .then(evolvedIntoDocs(ctx)(events)));

  test('however the change feed splits the events into batches, the views are the same', () =>
    given(...events)
      .when(appliedInBatches(ctx, [1, 7, 50, 2, 100, 140]))
      .then(evolvedIntoDocs(ctx)(events)));

  test('one delta per view document touched, all-time docs first, buckets in key order', () => {
    const deltas = foldBatch(
      [
        placed({ at: '2026-03-08T15:00:00Z' }),
        placed({ at: '2026-03-08T14:00:00Z' }),
        placed({ at: '2026-03-08T14:30:00Z' }),
      ],
      { categoryOf: () => undefined },
    );
    assert.deepEqual(
      deltas.map((d) => d.id),
      [
        'top-movies',
        'categories',
        'orders-hour-2026-03-08T14',
        'orders-hour-2026-03-08T15',
        'orders-day-2026-03-08',
      ],
    );
  });

  test('an empty batch changes nothing', () =>
    given()
      .when(appliedInBatches(ctx, [0]))
      .then({}));
});

describe('applyDelta', () => {
  const [hourDelta] = foldBatch([placed({ lines: [line(397518, 3, 4.99)] })], ctx).filter(
    (d) => d.kind === 'orders-hour',
  );

  test('adds the counters and keeps every other field of the stored doc', () => {
    const stored = {
      id: 'orders-hour-2026-03-08T14',
      kind: 'orders-hour',
      hour: '2026-03-08T14',
      orders: 2,
      revenue: 100,
      units: 5,
      appliedLsn: { '0': 7 },
      _etag: '"e1"',
    } as const;
    assert.deepEqual(applyDelta(stored, hourDelta!), { ...stored, orders: 3, revenue: 1597, units: 8 });
  });

  test('refuses a delta for another document', () => {
    const other: ViewDelta = { ...hourDelta!, id: 'orders-hour-2026-03-08T15', hour: '2026-03-08T15' };
    assert.throws(() => applyDelta({ ...hourDelta! }, other), /does not belong/);
  });

  test('refuses to mix time zones in a daily doc', () => {
    const day = foldBatch([placed()], { categoryOf: () => undefined, timeZone: 'UTC' }).find(
      (d): d is OrdersDayDelta => d.kind === 'orders-day',
    )!;
    const tokyo: OrdersDayDelta = { ...day, timeZone: 'Asia/Tokyo' };
    assert.throws(() => applyDelta(day, tokyo), /counted in UTC/);
  });
});

describe('exactly-once application per lease token', () => {
  const batch = events.slice(0, 20);
  const deltas = foldBatch(batch, ctx);

  test('applies a new batch and records its LSN', () => {
    const doc = applyBatchIdempotently(undefined, deltas[0]!, 'lease-0', 120);
    assert.deepEqual(doc?.appliedLsn, { 'lease-0': 120 });
  });

  test('skips a batch the doc already has, or an older one', () => {
    const doc = applyBatchIdempotently(undefined, deltas[0]!, 'lease-0', 120)!;
    assert.equal(applyBatchIdempotently(doc, deltas[0]!, 'lease-0', 120), undefined);
    assert.equal(applyBatchIdempotently(doc, deltas[0]!, 'lease-0', 119), undefined);
    assert.deepEqual(applyBatchIdempotently(doc, deltas[0]!, 'lease-0', 121)?.appliedLsn, { 'lease-0': 121 });
  });

  test('positions are per lease token: another lease applies its own batch', () => {
    const doc = applyBatchIdempotently(undefined, deltas[0]!, 'lease-0', 120)!;
    const both = applyBatchIdempotently(doc, deltas[0]!, 'lease-1', 5);
    assert.deepEqual(both?.appliedLsn, { 'lease-0': 120, 'lease-1': 5 });
  });

  test('a crash half-way through writing a batch, then redelivery: every doc counts the batch once', () => {
    const store: Record<string, ViewDoc> = {};
    const write = (delta: ViewDelta) => {
      const next = applyBatchIdempotently(store[delta.id], delta, 'lease-0', 120);
      if (next !== undefined) store[delta.id] = next;
    };
    deltas.slice(0, 3).forEach(write); // crash after three docs
    deltas.forEach(write); // the lease is picked up again and the batch redelivered
    given(...batch)
      .when(evolvedIntoDocs(ctx))
      .then(withoutBookkeeping(store));
    assert.ok(Object.values(store).every((doc) => doc.appliedLsn?.['lease-0'] === 120));
  });

  test('a longer redelivery: each doc folds only the events beyond its recorded LSN', () => {
    const feed = events.slice(0, 30).map((event, i) => ({ event, lsn: 100 + i }));
    const store: Record<string, ViewDoc> = {};
    const deliver = (items: typeof feed, written = Infinity) => {
      const maxLsn = Math.max(...items.map((item) => item.lsn));
      let writes = 0;
      for (const { id } of foldBatch(
        items.map((item) => item.event),
        ctx,
      )) {
        if (writes++ >= written) return; // crash
        const pending = unappliedEvents(store[id], 'lease-0', items, (item) => item.lsn);
        const delta = foldBatch(
          pending.map((item) => item.event),
          ctx,
        ).find((d) => d.id === id);
        const next = delta && applyBatchIdempotently(store[id], delta, 'lease-0', maxLsn);
        if (next !== undefined) store[id] = next;
      }
    };
    deliver(feed.slice(0, 10), 4); // crash after four docs
    deliver(feed); // redelivered from the same continuation, now with twenty more events
    given(...feed.map((item) => item.event))
      .when(evolvedIntoDocs(ctx))
      .then(withoutBookkeeping(store));
  });
});
