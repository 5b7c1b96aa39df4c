// Where the event store's change feed ends, per feed range, at one moment: the position a read "from now"
// would start after (the 304's ETag, an LSN). Everything stored before this call has an LSN at or below it, so a
// rebuild that has delivered a change past it, or found nothing more to read after it, has read all of it.
import { ChangeFeedStartFrom, type Container } from '@azure/cosmos';
import type { FeedRangeBounds } from '@marquee/change-feed-processor';

export interface RangeHead extends FeedRangeBounds {
  readonly lsn: number;
}

/** `"1234"` → 1234; undefined for anything else. */
export function feedEtagLsn(etag: unknown): number | undefined {
  if (typeof etag !== 'string') return undefined;
  const digits = etag.replaceAll('"', '');
  return /^\d+$/.test(digits) ? Number(digits) : undefined;
}

/** The head of every current feed range of `events` (one "now" read each, through the SDK). */
export async function readStoreHead(events: Container): Promise<RangeHead[]> {
  const heads: RangeHead[] = [];
  for (const range of await events.getFeedRanges()) {
    const page = await events.items
      .getChangeFeedIterator({ changeFeedStartFrom: ChangeFeedStartFrom.Now(range), maxItemCount: 1 })
      .readNext();
    const lsn = feedEtagLsn(page.headers.etag);
    if (lsn === undefined) {
      throw new Error(
        `the change feed of range ${range.minInclusive}-${range.maxExclusive} gave no position`,
      );
    }
    heads.push({ minInclusive: range.minInclusive, maxExclusive: range.maxExclusive, lsn });
  }
  return heads;
}

/**
 * The head a lease must reach: the highest captured head of any range overlapping it (a child lease after a
 * split continues its parent's LSNs; a lease wider than one captured range must pass all of them).
 */
export function headOf(heads: readonly RangeHead[], range: FeedRangeBounds): number | undefined {
  let best: number | undefined;
  for (const h of heads) {
    // EPK bounds are upper-case hex of the same form, so they compare as strings ('' first, 'FF' last).
    const overlaps = h.minInclusive < range.maxExclusive && range.minInclusive < h.maxExclusive;
    if (overlaps && (best === undefined || h.lsn > best)) best = h.lsn;
  }
  return best;
}
