// The top-movies ranking of one lease. After a batch's movie counters are written, the lease sums, for every
// movie of the batch, the counters every writer holds for it (its all-time total, from each writer's bucket
// partial) and keeps the best TOP_MOVIES_KEPT of what it read in its own ranking doc. Readers take the best
// of all writers' rankings. Why that is exact: take the last count of a movie to land, event e in lease L's
// partial. e is checkpointed only after a delivery of it finished this step, and that delivery knew a version of
// L's partial that includes e (it wrote it, or found e applied already) before it read anything else. So its
// reads of the other partials came after every earlier count of the movie, and its read of the writers list too:
// a writer missing from that list registered after that read, so after e, and has no count of the movie (any
// would have landed after e, the last).
// That reading is the movie's exact total. A movie in the true top N is beaten by at most N-1 movies, and readings
// never exceed the truth, so it is never pushed out of that ranking. Readings are merged by max: redoing a batch
// (crash, takeover) is harmless.
// Nothing in that argument needs the lease's own partial read back, nor the list read before the partials: so
// the own partial is the version this batch left (passed in, not re-read), and the partials of the writers this
// process last saw listed are read at the same time as the list (one round trip instead of three); a writer the
// fresh list adds is read after it (rare: a start or a split). Only the fresh list's writers are summed.
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
  type StoredViewDoc,
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
  /**
   * This lease's own partial of each movie-sales doc of the batch (by domain id) as the batch left it: the
   * version it wrote, or the one it found already holding the batch (undefined: none). Missing: read it.
   */
  own: ReadonlyMap<string, StoredViewDoc | undefined>;
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
  const buckets = [...byBucket];
  /** `<writer> <bucket>` → that writer's partial of the bucket, as read now (or, for this lease, as written). */
  const parts = new Map<string, StoredViewDoc | undefined>();
  const read = new Set<string>();
  // The own partials come from the batch; read only if one was not passed in (not expected).
  if (buckets.every(([b]) => input.own.has(movieSalesDocId(b)))) read.add(input.leaseToken);
  const readPartials = (writers: readonly string[]): Promise<void> => {
    for (const w of writers) read.add(w);
    return forEachLimited(buckets, input.concurrency, async ([bucket]) => {
      const docs = await Promise.all(
        writers.map((w) => stores.read(storedViewId(generation, movieSalesDocId(bucket), w))),
      );
      writers.forEach((w, i) => parts.set(`${w} ${bucket}`, docs[i]?.doc));
    });
  };
  const unread = (writers: readonly string[]): string[] => writers.filter((w) => !read.has(w));
  // Read after this batch's counters were written (see the header): the list, and meanwhile the partials of the
  // writers last seen listed; then those of any writer the fresh list adds.
  const [writers] = await Promise.all([
    stores.writers.writers('top-movies', generation),
    readPartials(unread(stores.writers.lastSeen('top-movies', generation))),
  ]);
  const added = unread(writers);
  if (added.length > 0) await readPartials(added);
  for (const [bucket] of buckets) {
    const own = movieSalesDocId(bucket);
    if (input.own.has(own)) parts.set(`${input.leaseToken} ${bucket}`, input.own.get(own));
  }
  const totals: Record<string, SalesCounters> = {};
  for (const [bucket, ids] of buckets) {
    for (const w of writers) {
      const movies = (parts.get(`${w} ${bucket}`) as StoredView<MovieSalesDoc> | undefined)?.movies ?? {};
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
  }
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
