// One change-feed batch → one delta per view document it touches. The projector then does one
// read-merge-write per document instead of one per event, which is what keeps it fast under load.
import type { StoredEvent } from '../orders/index.ts';
import { CATEGORIES_DOC_ID, dayDocId, dayKeyOf, hourDocId, hourKeyOf, TOP_MOVIES_DOC_ID } from './buckets.ts';
import type { CategoryOf } from './contribution.ts';
import { orderContribution } from './contribution.ts';
import type { BucketCounters, SalesCounters } from './counters.ts';
import { addBucket, addSales } from './counters.ts';
import type { ViewDelta } from './view-docs.ts';

export interface FoldContext {
  categoryOf: CategoryOf;
  /** IANA zone for the daily view; default UTC. One zone per deployment: doc ids do not include it. */
  timeZone?: string;
}

// Mutable accumulation is local to foldBatch; callers only ever see fresh objects.
function accumulate<C>(into: Record<string, C>, from: Record<string, C>, add: (a: C | undefined, b: C) => C) {
  for (const [key, value] of Object.entries(from)) into[key] = add(into[key], value);
}

const byKey = <T>(record: Record<string, T>): [string, T][] =>
  Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/**
 * Folds a batch into deltas: `top-movies` and `categories` (when the batch has any order), then one per
 * hour and one per day touched, each in key order. Applying them equals evolving event by event.
 */
export function foldBatch(events: readonly StoredEvent[], ctx: FoldContext): ViewDelta[] {
  const timeZone = ctx.timeZone ?? 'UTC';
  const movies: Record<string, SalesCounters> = {};
  const categories: Record<string, SalesCounters> = {};
  const hours: Record<string, BucketCounters> = {};
  const days: Record<string, BucketCounters> = {};
  let orders = 0;
  for (const event of events) {
    if (event.type !== 'OrderPlaced') continue;
    orders++;
    const contribution = orderContribution(event, ctx.categoryOf);
    accumulate(movies, contribution.movies, addSales);
    accumulate(categories, contribution.categories, addSales);
    accumulate(hours, { [hourKeyOf(event.occurredAt)]: contribution.bucket }, addBucket);
    accumulate(days, { [dayKeyOf(event.occurredAt, timeZone)]: contribution.bucket }, addBucket);
  }
  if (orders === 0) return [];
  return [
    { id: TOP_MOVIES_DOC_ID, kind: 'top-movies', movies },
    { id: CATEGORIES_DOC_ID, kind: 'categories', categories },
    ...byKey(hours).map(([hour, counters]): ViewDelta => ({
      id: hourDocId(hour),
      kind: 'orders-hour',
      hour,
      ...counters,
    })),
    ...byKey(days).map(([day, counters]): ViewDelta => ({
      id: dayDocId(day),
      kind: 'orders-day',
      day,
      timeZone,
      ...counters,
    })),
  ];
}
