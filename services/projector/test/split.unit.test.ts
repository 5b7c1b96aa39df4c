// A lease split in the partials layout: the parent counted past its checkpoint, then its two children read on
// from that checkpoint with their own partials. Every order must be counted exactly once, in every view.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { hourDocId, mergeRankings, type StoredViewDoc } from '@marquee/domain';
import {
  context,
  feedEvent,
  lease,
  memoryProjection,
  MemoryStore,
  ordersInHour,
  movieTotals,
  partialsOf,
  rankingsOf,
  type Line,
} from './support/fixtures.ts';

const PARENT = lease('', '80');
const LEFT = lease('', '40');
const RIGHT = lease('40', '80');

const projection = (view: 'top-movies' | 'orders-hour', store: MemoryStore<StoredViewDoc>) =>
  memoryProjection(view, store);

// LSN n: the left child's range when n is odd, the right's when even; a movie per LSN mod 3.
const lines = (n: number): Line[] => [[397518 + (n % 3), 1 + (n % 2), 4.99]];
const at = (n: number) => `2026-11-2${2 + (n % 2)}T10:00:00.000Z`; // two days: two orders-hour docs
const events = Array.from({ length: 30 }, (_, i) => feedEvent(i + 1, at(i + 1), lines(i + 1)));
const range = (from: number, to: number, odd?: boolean) =>
  events.filter((e) => {
    const n = e._lsn!;
    return n >= from && n <= to && (odd === undefined || n % 2 === (odd ? 1 : 0));
  });

for (const view of ['orders-hour', 'top-movies'] as const) {
  describe(`a split under the ${view} view`, () => {
    test('the parent counted LSN 1..20 but checkpointed 10; the children read on from 10: each order once', async () => {
      const store = new MemoryStore<StoredViewDoc>();
      const parent = projection(view, store);
      await parent.apply(range(1, 10), context(PARENT, range(1, 10)));
      await parent.apply(range(11, 20), context(PARENT, range(11, 20))); // (crash before its checkpoint)
      // Split: each child starts at the parent's checkpoint (LSN 10), in other processes.
      const left = projection(view, store);
      const right = projection(view, store);
      await Promise.all([
        left.apply(range(11, 30, true), context(LEFT, range(11, 30, true))),
        right.apply(range(11, 30, false), context(RIGHT, range(11, 30, false))),
      ]);
      const orders = events.length;
      if (view === 'orders-hour') {
        const hours = ['22', '23'].map((d) => ordersInHour(store, `2026-11-${d}T10`).orders);
        assert.deepEqual(hours, [orders / 2, orders / 2]);
        const childPartials = partialsOf(store, hourDocId('2026-11-23T10')).filter((p) =>
          p.id.endsWith(`@${LEFT.leaseToken}`),
        );
        assert.deepEqual(childPartials[0]?.appliedLsn, { [PARENT.leaseToken]: 20, [LEFT.leaseToken]: 29 });
      } else {
        const units = Object.values(movieTotals(store)).reduce((n, c) => n + c.unitsSold, 0);
        const want = events.reduce((n, e) => n + e.data.Details[0]!.Quantity, 0);
        assert.equal(units, want);
        // The merged rankings hold every movie's exact total.
        assert.deepEqual(mergeRankings(rankingsOf(store).map((r) => r.movies)), movieTotals(store));
      }
    });
  });
}
