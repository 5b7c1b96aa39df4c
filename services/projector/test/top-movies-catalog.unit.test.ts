// Top movies over a catalog of 1,000,000 movies, through the projection handler itself (in-memory store):
// four leases at once, sales spread evenly (many ties) and skewed (Zipf), compared with a ground truth summed
// in plain code. Every counters doc stays bounded whatever the catalog, and the top 50 read from the leases'
// ranking docs (a handful of point reads) is exactly the true top 50.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  MOVIE_BUCKET_WIDTH,
  mergeRankings,
  movieBucketOf,
  mulberry32,
  randomInt,
  rankSales,
  TOP_MOVIES_KEPT,
  zipfSampler,
  type SalesCounters,
  type StoredViewDoc,
} from '@marquee/domain';
import {
  context,
  feedEvent,
  lease,
  memoryProjection,
  MemoryStore,
  rankingsOf,
  type Line,
} from './support/fixtures.ts';

const CATALOG = 1_000_000;
const FIRST_ID = 5_000_000; // ids of a large catalog need not start at 0
const LEASES = [lease('', '40'), lease('40', '80'), lease('80', 'C0'), lease('C0', 'FF')];
const MAX_DOC_BYTES = 100 * 1024;

function orders(count: number, pickMovie: () => number, seed: number): Line[][] {
  const rng = mulberry32(seed);
  return Array.from({ length: count }, () =>
    Array.from({ length: randomInt(rng, 1, 3) }, (): Line => [pickMovie(), randomInt(rng, 1, 4), 4.99]),
  );
}

function truth(all: readonly Line[][]): Record<string, SalesCounters> {
  const totals: Record<string, SalesCounters> = {};
  for (const order of all) {
    const seen = new Set<number>();
    for (const [id, quantity] of order) {
      const t = totals[id] ?? { unitsSold: 0, orders: 0, revenue: 0 };
      totals[id] = {
        unitsSold: t.unitsSold + quantity,
        orders: t.orders + (seen.has(id) ? 0 : 1),
        revenue: t.revenue + quantity * 499,
      };
      seen.add(id);
    }
  }
  return totals;
}

async function project(all: readonly Line[][]): Promise<MemoryStore<StoredViewDoc>> {
  const store = new MemoryStore<StoredViewDoc>();
  const projections = LEASES.map(() => memoryProjection('top-movies', store, 16));
  // Orders dealt to the leases; each round, every lease handles a batch of 250 at the same time.
  const batch = 250;
  const perLease = LEASES.map((_, l) => all.filter((_, i) => i % LEASES.length === l));
  for (let from = 0; from < perLease[0]!.length; from += batch) {
    await Promise.all(
      LEASES.map((l, k) => {
        const events = perLease[k]!.slice(from, from + batch).map((lines, i) =>
          feedEvent(from + i + 1, '2026-11-22T10:00:00.000Z', lines, `order-${k}-${from + i}`),
        );
        return events.length === 0 ? Promise.resolve() : projections[k]!.apply(events, context(l, events));
      }),
    );
  }
  return store;
}

function assertExactTop(store: MemoryStore<StoredViewDoc>, all: readonly Line[][]): void {
  const rankings = rankingsOf(store);
  assert.equal(rankings.length, LEASES.length, 'one ranking doc per lease: the read is 1 + 4 point reads');
  const top = rankSales(mergeRankings(rankings.map((r) => r.movies)));
  const want = rankSales(truth(all)).slice(0, TOP_MOVIES_KEPT);
  assert.deepEqual(top, want);
  for (const { doc } of store.docs.values()) {
    assert.ok(JSON.stringify(doc).length < MAX_DOC_BYTES, `${doc.id} is over 100 KB`);
  }
}

describe('top movies over a 1,000,000-movie catalog', () => {
  test('sales spread evenly over the catalog (ties everywhere): the top 50 is exact', async () => {
    const rng = mulberry32(7);
    const all = orders(10_000, () => FIRST_ID + randomInt(rng, 0, CATALOG - 1), 8);
    assertExactTop(await project(all), all);
  });

  test('sales skewed (Zipf over the catalog): the top 50 is exact', async () => {
    const rng = mulberry32(11);
    const rank = zipfSampler(CATALOG, 1.05, rng);
    const all = orders(10_000, () => FIRST_ID + ((rank() * 7919) % CATALOG), 12);
    assertExactTop(await project(all), all);
  });

  test('a counters doc is bounded by its id range, whatever the catalog: a full one is far under 100 KB', () => {
    const bucket = movieBucketOf(Number.MAX_SAFE_INTEGER - MOVIE_BUCKET_WIDTH);
    const huge = Number.MAX_SAFE_INTEGER;
    const movies = Object.fromEntries(
      Array.from({ length: MOVIE_BUCKET_WIDTH }, (_, i) => [
        String(bucket * MOVIE_BUCKET_WIDTH + i),
        { unitsSold: huge, orders: huge, revenue: huge },
      ]),
    );
    const ids = Object.keys(movies).map(Number);
    assert.ok(
      ids.every((id) => movieBucketOf(id) === bucket),
      'a bucket holds at most its id range',
    );
    const doc = {
      id: `g999.movie-sales-${bucket}@0123456789ABCDEF-FEDCBA9876543210`,
      viewId: `movie-sales-${bucket}`,
      kind: 'top-movies',
      bucket,
      movies,
      generation: 999,
      appliedLsn: { '0123456789ABCDEF-FEDCBA9876543210': huge },
      asOf: { lastEventAt: '2026-11-22T10:00:00.000Z', writtenAt: '2026-11-22T10:00:00.000Z' },
    };
    assert.ok(JSON.stringify(doc).length < MAX_DOC_BYTES);
  });
});
