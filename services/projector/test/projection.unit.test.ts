import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeRankings, type CategoriesDoc, type StoredViewDoc } from '@marquee/domain';
import { ViewProjection, type CategorySource } from '../src/projection/index.ts';
import {
  context,
  feedEvent,
  lease,
  memoryViewStores,
  MemoryQuarantine,
  MemoryStore,
  merged,
  ordersInHour,
  movieTotals,
  partialsOf,
  rankingsOf,
  testMetrics,
} from './support/fixtures.ts';

const L1 = lease('', '80000000000000000000000000000000');
const L2 = lease('80000000000000000000000000000000', 'FF');

function staticCatalog(map: Map<number, number>): CategorySource & { pulls: number } {
  const source = {
    pulls: 0,
    categoryOf: (id: number) => map.get(id),
    ensureKnown: async (ids: Iterable<number>) => {
      if ([...ids].some((id) => !map.has(id))) source.pulls += 1;
    },
  };
  return source;
}

function projection(
  view: 'top-movies' | 'categories' | 'orders-hour',
  store: MemoryStore<StoredViewDoc>,
  catalog = staticCatalog(new Map()),
) {
  const metrics = testMetrics();
  const quarantine = new MemoryQuarantine();
  const stores = memoryViewStores(store, {
    onConflict: () => metrics.writeConflicts.inc({ view }),
    onWrite: (_id, result) => metrics.viewWrites.inc({ view, result }),
  });
  return {
    metrics,
    quarantine,
    p: new ViewProjection({
      view,
      generation: 1,
      stores,
      quarantine,
      catalog,
      timeZone: 'UTC',
      metrics,
      concurrency: 4,
    }),
  };
}

const conflictsOf = async (...ps: { metrics: ReturnType<typeof testMetrics> }[]) => {
  let n = 0;
  for (const p of ps) n += (await p.metrics.writeConflicts.get()).values[0]?.value ?? 0;
  return n;
};

describe('the batch handler', () => {
  test('one write per affected doc per batch, however many events', async () => {
    const store = new MemoryStore<StoredViewDoc>();
    const { p } = projection('orders-hour', store);
    const events = Array.from({ length: 300 }, (_, i) =>
      feedEvent(i + 1, `2026-11-2${2 + (i % 3)}T10:00:00.000Z`, [[397518, 1, 4.99]]),
    );
    const summary = await p.apply(events, context(L1, events));
    assert.deepEqual(summary, { docs: 3, written: 3, applied: 300, skipped: 0, quarantined: 0 });
    assert.equal(store.writes, 3);
  });

  test('non-order items in the feed are ignored', async () => {
    const store = new MemoryStore<StoredViewDoc>();
    const { p } = projection('top-movies', store);
    const events = [feedEvent(1, '2026-11-22T10:00:00.000Z', [[397518, 1, 4.99]])];
    const summary = await p.apply(
      [...events, { id: 'x', type: 'Other', _lsn: 2 } as never],
      context(L1, events),
    );
    assert.equal(summary.applied, 1);
  });

  test('a crash after some docs were written, then a longer redelivery, counts every order once', async () => {
    const store = new MemoryStore<StoredViewDoc>();
    const { p, metrics } = projection('orders-hour', store);
    const all = Array.from({ length: 40 }, (_, i) =>
      feedEvent(i + 1, `2026-11-2${2 + (i % 4)}T10:00:00.000Z`, [[397518, 1, 4.99]]),
    );
    const first = all.slice(0, 30);
    let allowed = 2;
    store.beforeWrite = () => {
      if (allowed-- <= 0) throw new Error('process killed');
    };
    await assert.rejects(p.apply(first, context(L1, first)), /process killed/);
    assert.equal(store.writes, 2, 'two docs made it before the crash');
    store.beforeWrite = undefined;
    // A new replica (fresh cache) gets the batch again, longer now.
    const { p: again, metrics: metricsAgain } = projection('orders-hour', store);
    await again.apply(all, context(L1, all));
    const orders = ['22', '23', '24', '25'].map((d) => ordersInHour(store, `2026-11-${d}T10`).orders);
    assert.deepEqual(orders, [10, 10, 10, 10]);
    assert.equal(
      await metricsAgain.eventsSkipped.get().then((m) => m.values[0]?.value),
      16,
      'the 2 × 8 already applied',
    );
    void metrics;
  });

  test('two replicas, each with its own lease: each writes its own partials, no conflict, nothing lost', async () => {
    const store = new MemoryStore<StoredViewDoc>();
    const a = projection('top-movies', store);
    const b = projection('top-movies', store);
    const batches = (from: number) =>
      Array.from({ length: 10 }, (_, k) =>
        Array.from({ length: 5 }, (_, i) =>
          feedEvent(from + k * 5 + i, '2026-11-22T10:00:00.000Z', [[397518, 1, 4.99]]),
        ),
      );
    store.beforeWrite = () => new Promise((resolve) => setImmediate(resolve));
    await Promise.all([
      (async () => {
        for (const batch of batches(1)) await a.p.apply(batch, context(L1, batch));
      })(),
      (async () => {
        for (const batch of batches(1000)) await b.p.apply(batch, context(L2, batch));
      })(),
    ]);
    assert.deepEqual(movieTotals(store)['397518'], { unitsSold: 100, orders: 100, revenue: 49_900 });
    assert.equal(await conflictsOf(a, b), 0, 'no document has two writers');
    assert.equal(partialsOf(store, 'movie-sales-776').length, 2);
    // Both rankings read both partials after writing: the merged ranking holds the exact total.
    const top = mergeRankings(rankingsOf(store).map((r) => r.movies));
    assert.deepEqual(top['397518'], { unitsSold: 100, orders: 100, revenue: 49_900 });
  });

  test('a takeover: the stale owner and the new one write the same lease at once, 412s settle it, once each', async () => {
    const store = new MemoryStore<StoredViewDoc>();
    const stale = projection('orders-hour', store);
    const owner = projection('orders-hour', store);
    const events = Array.from({ length: 30 }, (_, i) =>
      feedEvent(i + 1, '2026-11-22T10:00:00.000Z', [[397518, 1, 4.99]]),
    );
    store.beforeWrite = () => new Promise((resolve) => setImmediate(resolve));
    // The stale owner still handles LSN 1..20; the new owner got the lease at the same checkpoint: 1..30.
    await Promise.all([
      stale.p.apply(events.slice(0, 20), context(L1, events.slice(0, 20))),
      owner.p.apply(events, context(L1, events)),
    ]);
    assert.equal(ordersInHour(store, '2026-11-22T10').orders, 30);
    assert.ok((await conflictsOf(stale, owner)) > 0, 'the interleaving did cause 412s');
  });

  test('several leases of one replica at once: one partial each, every order counted once', async () => {
    const store = new MemoryStore<StoredViewDoc>();
    const { p, metrics } = projection('top-movies', store);
    const leases = [L1, L2];
    const first = [feedEvent(1, '2026-11-22T10:00:00.000Z', [[397518, 1, 4.99]])];
    const inFlight = p.apply(first, context(L1, first));
    const batches = leases.map((l, i) => {
      const events = [feedEvent(10 + i, '2026-11-22T10:00:00.000Z', [[397518, 2, 4.99]])];
      return p.apply(events, context(l, events));
    });
    await Promise.all([inFlight, ...batches]);
    assert.deepEqual(movieTotals(store)['397518'], { unitsSold: 5, orders: 3, revenue: 2495 });
    for (const partial of partialsOf(store, 'movie-sales-776')) {
      assert.equal(Object.keys(partial.appliedLsn).length, 1, 'a partial records its own lease only');
    }
    assert.equal(await conflictsOf({ metrics }), 0);
  });

  test('categories: an unknown product makes the catalog read first, then counts under its category', async () => {
    const store = new MemoryStore<StoredViewDoc>();
    const known = new Map([[397518, 3]]);
    const catalog = staticCatalog(known);
    catalog.ensureKnown = async (ids) => {
      if ([...ids].some((id) => !known.has(id))) {
        catalog.pulls += 1;
        known.set(500000, 7); // the new movie shows up in the catalog feed
      }
    };
    const { p } = projection('categories', store, catalog);
    const events = [
      feedEvent(1, '2026-11-22T10:00:00.000Z', [
        [397518, 1, 4.99],
        [500000, 2, 1.5],
      ]),
      feedEvent(2, '2026-11-22T10:00:00.000Z', [[999999999, 1, 1]]),
    ];
    await p.apply(events, context(L1, events));
    const { categories } = merged<CategoriesDoc>(store, 'categories', 'categories');
    assert.deepEqual(categories, {
      '3': { unitsSold: 1, orders: 1, revenue: 499 },
      '7': { unitsSold: 2, orders: 1, revenue: 300 },
      '0': { unitsSold: 1, orders: 1, revenue: 100 },
    });
    assert.equal(catalog.pulls, 1);
  });
});
