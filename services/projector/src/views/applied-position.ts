// Where a doc stands for a lease. `appliedLsn` is keyed by lease token, and a lease token is the feed range's
// identity `<minInclusive>-<maxExclusive>` (EPK hex strings, so the one `-` separates them). When a range
// splits, its children get new tokens but read on from the parent's checkpoint, and a child range's LSNs
// continue the parent's: so a child with no entry of its own (or an older one) takes the highest position
// recorded by any ancestor range that contains it. Without that, events the parent applied after its last
// checkpoint would be applied a second time by the child.
import type { FeedRangeBounds } from '@marquee/change-feed-processor';

export interface LeaseIdentity {
  readonly leaseToken: string;
  readonly feedRange: FeedRangeBounds;
}

/** `-3FFF…` → { minInclusive: '', maxExclusive: '3FFF…' }; undefined when the token is not a range. */
export function rangeOfToken(token: string): FeedRangeBounds | undefined {
  const dash = token.indexOf('-');
  if (dash < 0 || token.indexOf('-', dash + 1) >= 0) return undefined;
  const minInclusive = token.slice(0, dash);
  const maxExclusive = token.slice(dash + 1);
  if (!/^[0-9A-Fa-f]*$/.test(minInclusive) || !/^[0-9A-Fa-f]+$/.test(maxExclusive)) return undefined;
  return { minInclusive, maxExclusive };
}

const contains = (outer: FeedRangeBounds, inner: FeedRangeBounds): boolean =>
  outer.minInclusive <= inner.minInclusive && inner.maxExclusive <= outer.maxExclusive;

/**
 * Highest LSN the doc already includes for this lease: its own entry, or an ancestor range's (see above),
 * whichever is higher. Undefined when the doc has never seen this part of the key space.
 */
export function appliedPosition(
  appliedLsn: Readonly<Record<string, number>> | undefined,
  lease: LeaseIdentity,
): number | undefined {
  let best: number | undefined;
  for (const [token, lsn] of Object.entries(appliedLsn ?? {})) {
    const mine = token === lease.leaseToken;
    const range = mine ? undefined : rangeOfToken(token);
    if (!mine && (range === undefined || !contains(range, lease.feedRange))) continue;
    if (best === undefined || lsn > best) best = lsn;
  }
  return best;
}
