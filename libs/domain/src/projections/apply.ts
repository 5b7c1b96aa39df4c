// Merging a batch's delta into a stored view doc, and doing it at most once per lease position.
import type { BucketCounters } from './counters.ts';
import { addBucket, addSales, mergeCounters } from './counters.ts';
import type { DocFor, ViewBookkeeping, ViewDelta, ViewDoc } from './view-docs.ts';

const bucketOf = (c: BucketCounters): BucketCounters => ({
  orders: c.orders,
  revenue: c.revenue,
  units: c.units,
});

/**
 * The doc with the delta's counters added (`doc` undefined: the doc does not exist yet). Fields the doc has
 * beyond the counters (appliedLsn, Cosmos system fields) are kept. Throws if the delta is for another doc,
 * or (daily view) for another time zone: mixing zones in one doc would silently corrupt the counts.
 */
export function applyDelta<D extends ViewDelta>(doc: DocFor<D> | undefined, delta: D): DocFor<D> {
  const current: ViewDoc | undefined = doc;
  const next: ViewDelta = delta;
  if (current !== undefined && (current.id !== next.id || current.kind !== next.kind)) {
    throw new Error(`applyDelta: delta ${next.id} (${next.kind}) does not belong to doc ${current.id}`);
  }
  switch (next.kind) {
    case 'top-movies': {
      const base = current as Extract<ViewDoc, { kind: 'top-movies' }> | undefined;
      const movies = mergeCounters(base?.movies, next.movies, addSales);
      return { ...base, id: next.id, kind: next.kind, movies } as DocFor<D>;
    }
    case 'categories': {
      const base = current as Extract<ViewDoc, { kind: 'categories' }> | undefined;
      const categories = mergeCounters(base?.categories, next.categories, addSales);
      return { ...base, id: next.id, kind: next.kind, categories } as DocFor<D>;
    }
    case 'orders-hour': {
      const base = current as Extract<ViewDoc, { kind: 'orders-hour' }> | undefined;
      const counters = addBucket(base && bucketOf(base), bucketOf(next));
      return { ...base, id: next.id, kind: next.kind, hour: next.hour, ...counters } as DocFor<D>;
    }
    case 'orders-day': {
      const base = current as Extract<ViewDoc, { kind: 'orders-day' }> | undefined;
      if (base !== undefined && base.timeZone !== next.timeZone) {
        throw new Error(
          `applyDelta: ${next.id} is counted in ${base.timeZone}, delta is in ${next.timeZone}`,
        );
      }
      const counters = addBucket(base && bucketOf(base), bucketOf(next));
      return {
        ...base,
        id: next.id,
        kind: next.kind,
        day: next.day,
        timeZone: next.timeZone,
        ...counters,
      } as DocFor<D>;
    }
  }
}

/**
 * Exactly-once application: the doc records, per lease token, the highest LSN it already includes. Returns
 * the new doc (delta applied, `appliedLsn[leaseToken] = batchMaxLsn`), or undefined when the doc already has
 * this batch, so a batch redelivered after a crash is skipped doc by doc.
 *
 * Holds when a redelivered batch carries no event beyond the one first applied (same continuation, same
 * batch). If a redelivery can be longer, fold per doc only `unappliedEvents(doc, …)` instead.
 */
export function applyBatchIdempotently<D extends ViewDelta>(
  doc: DocFor<D> | undefined,
  delta: D,
  leaseToken: string,
  batchMaxLsn: number,
): DocFor<D> | undefined {
  const current: ViewDoc | undefined = doc;
  const applied = current?.appliedLsn?.[leaseToken];
  if (applied !== undefined && applied >= batchMaxLsn) return undefined;
  const merged = applyDelta(doc, delta);
  const appliedLsn = { ...merged.appliedLsn, [leaseToken]: batchMaxLsn };
  return { ...merged, appliedLsn };
}

/**
 * The events a doc does not include yet: LSN above its recorded position for this lease token. For a
 * projector whose redelivered batches may be longer than the first delivery: fold these for the doc, then
 * apply with the batch's max LSN.
 */
export function unappliedEvents<E>(
  doc: ViewBookkeeping | undefined,
  leaseToken: string,
  events: readonly E[],
  lsnOf: (event: E) => number,
): E[] {
  const applied = doc?.appliedLsn?.[leaseToken];
  return applied === undefined ? [...events] : events.filter((event) => lsnOf(event) > applied);
}
