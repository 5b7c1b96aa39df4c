// The top-movies ranking step (src/projection/top-movies-ranking.ts): it takes the lease's own partial from the
// batch instead of reading it back, and reads the other writers' partials while it reads the writers list. The
// exactness argument in its header rests on two things these specs pin down: a writer the fresh list adds is
// read even when this process had not seen it listed, and a redelivery that finds its counters already written
// still ranks from a version that holds them.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeRankings, type StoredViewDoc } from '@marquee/domain';
import type { ViewProjection } from '../src/projection/index.ts';
import {
  context,
  feedEvent,
  lease,
  memoryProjection,
  MemoryStore,
  rankingsOf,
  type Line,
} from './support/fixtures.ts';

const A = lease('', '80000000000000000000000000000000');
const B = lease('80000000000000000000000000000000', 'FF');
const MOVIE = 397518; // bucket 776
const AT = '2026-11-22T10:00:00.000Z';

/** One replica's top-movies handler (its own caches) over the shared store. */
const replica = (store: MemoryStore<StoredViewDoc>): ViewProjection => memoryProjection('top-movies', store);

async function batch(p: ViewProjection, l: typeof A, lsn: number, quantity: number): Promise<void> {
  const events = [feedEvent(lsn, AT, [[MOVIE, quantity, 1] as Line], `order-${l.leaseToken}-${lsn}`)];
  await p.apply(events, context(l, events));
}

const rankedUnits = (store: MemoryStore<StoredViewDoc>): number | undefined =>
  mergeRankings(rankingsOf(store).map((r) => r.movies))[String(MOVIE)]?.unitsSold;

describe('the top-movies ranking step', () => {
  test('a writer listed after this process last read the list is read too: the last sale is ranked exactly', async () => {
    const store = new MemoryStore<StoredViewDoc>();
    const first = replica(store);
    const second = replica(store);
    await batch(first, A, 1, 1); // A listed alone: the list first last saw
    await batch(second, B, 1000, 2); // B listed, writes 2, ranks 1 + 2 = 3
    await batch(first, A, 2, 4); // the last sale: 1 + 4 in A, and B's 2, which first never saw listed
    assert.equal(rankedUnits(store), 7);
  });

  test('the own partial is not read back: the batch passes the version it wrote', async () => {
    const store = new MemoryStore<StoredViewDoc>();
    const p = replica(store);
    await batch(p, A, 1, 1);
    const before = store.reads.length;
    await batch(p, A, 2, 1);
    const own = 'g1.movie-sales-776@' + A.leaseToken;
    assert.ok(!store.reads.slice(before).includes(own), 'its own partial came from the batch');
    assert.equal(rankedUnits(store), 2);
  });

  test('a crash between the counters and the ranking: the redelivery finds them written and still ranks them', async () => {
    const store = new MemoryStore<StoredViewDoc>();
    const other = replica(store);
    await batch(other, B, 1000, 2);
    const crashing = replica(store);
    await batch(crashing, A, 1, 1);
    store.beforeWrite = (id) => {
      if (id.includes('.top-movies@')) throw new Error('process killed');
    };
    await assert.rejects(batch(crashing, A, 2, 4), /process killed/);
    store.beforeWrite = undefined;
    assert.equal(rankedUnits(store), 3, 'the crash left the last sale out of every ranking');
    await batch(replica(store), A, 2, 4); // a new process: nothing to apply, the ranking from what it found
    assert.equal(rankedUnits(store), 7);
  });
});
