// Turning a lease's stored bounds back into an SDK FeedRange and a start position.
import { ChangeFeedStartFrom, type ChangeFeedIteratorOptions, type FeedRange } from '@azure/cosmos';
import { sameRange, type FeedRangeBounds } from '../lease/lease-document.ts';
import type { StartFrom } from '../processor/options.ts';

/**
 * The SDK only accepts FeedRange objects it created (`instanceof FeedRangeInternal`, which is not exported).
 * An exact match from `getFeedRanges()` is used when there is one; a lease finer than the physical layout
 * (after a merge) gets an instance of the same class built from one of those objects.
 */
export function toSdkFeedRange(bounds: FeedRangeBounds, current: readonly FeedRange[]): FeedRange {
  const exact = current.find((r) => sameRange(r, bounds));
  if (exact !== undefined) return exact;
  const sample = current[0];
  if (sample === undefined) throw new Error('the monitored container reported no feed ranges');
  const Ctor = sample.constructor as new (min: string, max: string) => FeedRange;
  return new Ctor(bounds.minInclusive, bounds.maxExclusive);
}

export function startPosition(
  continuation: string | null,
  startFrom: StartFrom,
  range: () => FeedRange,
): NonNullable<ChangeFeedIteratorOptions['changeFeedStartFrom']> {
  if (continuation !== null && continuation !== '') return ChangeFeedStartFrom.Continuation(continuation);
  if (startFrom === 'beginning') return ChangeFeedStartFrom.Beginning(range());
  if (startFrom === 'now') return ChangeFeedStartFrom.Now(range());
  return ChangeFeedStartFrom.Time(startFrom, range());
}
