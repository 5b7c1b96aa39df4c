// Pure rules for keeping one lease per feed range as the container's physical ranges change.
//
// A split shows up two ways: `getFeedRanges()` returns several ranges inside one lease's range, or the SDK,
// having met a 410/1002 (PartitionKeyRangeGone) while reading the lease's range, re-resolves the children itself
// and returns a continuation with one entry per child. Either way the lease is replaced by one lease per child,
// each carrying the parent's continuation for its part of the key space, so no change is skipped or re-read
// beyond the parent's last checkpoint. Merges need nothing: the SDK reads a sub-range of a physical range with
// EPK headers, so leases simply stay finer than the physical layout.
import {
  newLease,
  rangeWithin,
  rangesOverlap,
  sameRange,
  type FeedRangeBounds,
  type LeaseDocument,
} from './lease-document.ts';

/** Shape of the SDK's feed-range continuation (`CompositeContinuationToken`). */
export interface ContinuationEntry {
  minInclusive: string;
  maxExclusive: string;
  continuationToken: string | null;
}

export interface ParsedContinuation {
  rid: string;
  Continuation: ContinuationEntry[];
}

export function parseContinuation(token: string | null): ParsedContinuation | undefined {
  if (token === null || token === '') return undefined;
  try {
    const parsed = JSON.parse(token) as Partial<ParsedContinuation>;
    if (typeof parsed.rid !== 'string' || !Array.isArray(parsed.Continuation)) return undefined;
    return { rid: parsed.rid, Continuation: parsed.Continuation };
  } catch {
    return undefined;
  }
}

/** The part of a parent's continuation that covers `child`, with entry bounds clipped to it. */
export function childContinuation(parentToken: string | null, child: FeedRangeBounds): string | null {
  const parsed = parseContinuation(parentToken);
  if (parsed === undefined) return null;
  const entries = parsed.Continuation.filter((e) => rangesOverlap(e, child)).map((e) => ({
    minInclusive: e.minInclusive > child.minInclusive ? e.minInclusive : child.minInclusive,
    maxExclusive: e.maxExclusive < child.maxExclusive ? e.maxExclusive : child.maxExclusive,
    continuationToken: e.continuationToken,
  }));
  if (entries.length === 0) return null;
  return JSON.stringify({ rid: parsed.rid, Continuation: entries });
}

/**
 * Child ranges a lease must be split into, or [] when it still matches the layout. Current physical ranges
 * win; a continuation with several entries (the SDK handled a 410/1002 under us) is the fallback signal.
 */
export function childRangesOf(
  lease: LeaseDocument,
  currentRanges: readonly FeedRangeBounds[],
): FeedRangeBounds[] {
  const inside = currentRanges.filter(
    (r) => rangeWithin(r, lease.feedRange) && !sameRange(r, lease.feedRange),
  );
  if (inside.length >= 2) return sortRanges(inside);
  const entries = parseContinuation(lease.continuation)?.Continuation ?? [];
  if (entries.length >= 2) {
    return sortRanges(
      entries.map((e) => ({ minInclusive: e.minInclusive, maxExclusive: e.maxExclusive })),
    ).filter((r) => rangeWithin(r, lease.feedRange));
  }
  return [];
}

/** The documents that replace a split lease: free, each with its slice of the parent's continuation. */
export function childLeases(
  parent: LeaseDocument,
  children: readonly FeedRangeBounds[],
  now: number,
): LeaseDocument[] {
  return children.map((child) =>
    newLease(prefixOf(parent), child, childContinuation(parent.continuation, child), now),
  );
}

/** The lease prefix of an id `${prefix}..${leaseToken}`. */
function prefixOf(lease: LeaseDocument): string {
  return lease.id.slice(0, lease.id.length - lease.leaseToken.length - 2);
}

/** Current ranges that no lease overlaps yet: each gets a fresh lease (first start, or a new container). */
export function missingRanges(
  leases: readonly LeaseDocument[],
  currentRanges: readonly FeedRangeBounds[],
): FeedRangeBounds[] {
  return sortRanges(currentRanges.filter((r) => !leases.some((l) => rangesOverlap(l.feedRange, r))));
}

function sortRanges(ranges: readonly FeedRangeBounds[]): FeedRangeBounds[] {
  return [...ranges].sort((a, b) =>
    a.minInclusive < b.minInclusive ? -1 : a.minInclusive > b.minInclusive ? 1 : 0,
  );
}
