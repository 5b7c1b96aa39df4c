// The top-movies ranking of one lease. After a batch's movie counters are written, the lease reads, for every
// movie of the batch, the counters every writer holds for it (its all-time total, from each writer's bucket
// partial) and keeps the best TOP_MOVIES_KEPT of what it read in its own ranking doc. Readers take the best
// of all writers' rankings. Why that is exact: totals only grow, and each writer reads after it wrote, so for
// a movie's last sale the writer that read last saw every count of it: some ranking holds its exact total.
// A movie in the true top N is beaten by at most N-1 movies, and readings never exceed the truth, so it is
// never pushed out of that ranking. Readings are merged by max: redoing a batch (crash, takeover) is harmless.
import {
  movieBucketOf,
  movieSalesDocId,
  rankingUpdate,
  storedViewId,
  TOP_MOVIES_DOC_ID,
  toStoredRanking,
  type MovieSalesDoc,
  type OrderPlaced,
  type SalesCounters,
  type StoredView,
} from '@marquee/domain';
import type { ViewStores } from '../store/index.ts';
import { forEachLimited } from './for-each-limited.ts';

export interface RankingInput {
  generation: number;
  leaseToken: string;
  /** The batch's countable orders (applied or skipped: a redelivery re-reads their totals too). */
  events: readonly OrderPlaced[];
  concurrency: number;
  now: Date;
}

/** Reads the totals of the batch's movies from every writer's partials and updates this lease's ranking. */
export async function updateRanking(stores: ViewStores, input: RankingInput): Promise<boolean> {
  const { generation } = input;
  const byBucket = new Map<number, Set<string>>();
  let lastEventAt = '';
  for (const event of input.events) {
    if (event.occurredAt > lastEventAt) lastEventAt = event.occurredAt;
    for (const line of event.data.Details) {
      const bucket = movieBucketOf(line.ProductId);
      const ids = byBucket.get(bucket) ?? new Set<string>();
      ids.add(String(line.ProductId));
      byBucket.set(bucket, ids);
    }
  }
  if (byBucket.size === 0) return false;
  // Read after this batch's counters were written, and the list now: a writer listed later registered after
  // this batch's writes, so it reads them itself.
  const writers = await stores.writers.writers('top-movies', generation);
  const totals: Record<string, SalesCounters> = {};
  await forEachLimited([...byBucket], input.concurrency, async ([bucket, ids]) => {
    const parts = await Promise.all(
      writers.map((w) => stores.read(storedViewId(generation, movieSalesDocId(bucket), w))),
    );
    for (const part of parts) {
      const movies = (part?.doc as StoredView<MovieSalesDoc> | undefined)?.movies ?? {};
      for (const id of ids) {
        const c = movies[id];
        if (c === undefined) continue;
        const t = totals[id] ?? { unitsSold: 0, orders: 0, revenue: 0 };
        totals[id] = {
          unitsSold: t.unitsSold + c.unitsSold,
          orders: t.orders + c.orders,
          revenue: t.revenue + c.revenue,
        };
      }
    }
  });
  const id = storedViewId(generation, TOP_MOVIES_DOC_ID, input.leaseToken);
  const result = await stores.rankings.update(id, (current) => {
    const movies = rankingUpdate(current?.movies, totals);
    if (movies === undefined) return undefined;
    const newest = current !== undefined && current.asOf.lastEventAt > lastEventAt;
    const asOf = {
      lastEventAt: newest ? current.asOf.lastEventAt : lastEventAt,
      writtenAt: input.now.toISOString(),
    };
    return toStoredRanking(
      { id: TOP_MOVIES_DOC_ID, kind: 'top-movies', movies },
      generation,
      asOf,
      input.leaseToken,
    );
  });
  return result !== 'unchanged';
}
