// The lease document: one per feed range and processor, stored in the lease container (partition key `/id`).
// Everything here is pure so that ownership, expiry and identity rules can be unit-tested without Cosmos.

/** An effective-partition-key range, as returned by `container.getFeedRanges()`. */
export interface FeedRangeBounds {
  readonly minInclusive: string;
  readonly maxExclusive: string;
}

/**
 * A lease as the processor works with it. It is stored in the lease format of the .NET and Java change feed
 * processors (see lease-format.ts), so those processors and Marquee's can share one lease container.
 */
export interface LeaseDocument {
  /** `${leasePrefix}..${leaseToken}`: the prefix names the processor and the monitored container (lease-prefix.ts). */
  id: string;
  /** Stable name of the range: `${minInclusive}-${maxExclusive}`, or a partition key range id in .NET's older leases. */
  leaseToken: string;
  feedRange: FeedRangeBounds;
  /** Instance that owns the lease, or null when free. */
  owner: string | null;
  /** SDK change feed continuation (JSON string) after the last checkpointed batch; null before the first. */
  continuation: string | null;
  /** Epoch ms (owner's clock) of the owner's last acquire, renew or checkpoint. Expiry is judged from it. */
  timestamp: number;
  /** Set by an instance that asked the owner to hand this lease over (balancing without overlap). */
  handoverTo: string | null;
  /** When that request was made (epoch ms), so an owner that never answers can be told apart. */
  handoverAt: number | null;
  /** Count of ownership changes; handy when reading leases by hand. */
  ownershipVersion: number;
  /** Cosmos ETag of the stored version; every write is conditional on it. */
  _etag?: string;
  /** The stored document as last read: fields this model does not carry (a .NET lease's `version`, `Mode`,
   * foreign `properties`) are written back unchanged. */
  stored?: Readonly<Record<string, unknown>>;
}

export function leaseTokenOf(range: FeedRangeBounds): string {
  return `${range.minInclusive}-${range.maxExclusive}`;
}

/** The .NET processor's scheme: prefix, two dots, lease token. */
export function leaseIdOf(leasePrefix: string, leaseToken: string): string {
  return `${leasePrefix}..${leaseToken}`;
}

export function newLease(
  leasePrefix: string,
  range: FeedRangeBounds,
  continuation: string | null,
  now: number,
): LeaseDocument {
  const leaseToken = leaseTokenOf(range);
  return {
    id: leaseIdOf(leasePrefix, leaseToken),
    leaseToken,
    feedRange: { minInclusive: range.minInclusive, maxExclusive: range.maxExclusive },
    owner: null,
    continuation,
    timestamp: now,
    handoverTo: null,
    handoverAt: null,
    ownershipVersion: 0,
  };
}

/**
 * A lease is expired when its owner has not written it for longer than `expirationMs`. Free leases count as
 * expired. Clocks of all instances are assumed to agree to well within `expirationMs - renewIntervalMs`.
 */
export function isExpired(lease: LeaseDocument, now: number, expirationMs: number): boolean {
  if (lease.owner === null || lease.owner === '') return true;
  return now - lease.timestamp > expirationMs;
}

/** Owner of a lease that is held right now, or undefined when anyone may take it. */
export function liveOwnerOf(lease: LeaseDocument, now: number, expirationMs: number): string | undefined {
  return isExpired(lease, now, expirationMs) ? undefined : (lease.owner ?? undefined);
}

/** `a` lies entirely inside `b`. EPK strings compare lexicographically; "FF" is the top of the key space. */
export function rangeWithin(a: FeedRangeBounds, b: FeedRangeBounds): boolean {
  return a.minInclusive >= b.minInclusive && a.maxExclusive <= b.maxExclusive;
}

export function rangesOverlap(a: FeedRangeBounds, b: FeedRangeBounds): boolean {
  return a.minInclusive < b.maxExclusive && b.minInclusive < a.maxExclusive;
}

export function sameRange(a: FeedRangeBounds, b: FeedRangeBounds): boolean {
  return a.minInclusive === b.minInclusive && a.maxExclusive === b.maxExclusive;
}
