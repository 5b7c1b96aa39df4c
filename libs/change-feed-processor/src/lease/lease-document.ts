// The lease document: one per feed range and processor, stored in the lease container (partition key `/id`).
// Everything here is pure so that ownership, expiry and identity rules can be unit-tested without Cosmos.

/** An effective-partition-key range, as returned by `container.getFeedRanges()`. */
export interface FeedRangeBounds {
  readonly minInclusive: string;
  readonly maxExclusive: string;
}

/** Version of the lease document layout, so that a later release can migrate old documents. */
export const LEASE_SCHEMA_VERSION = 1;

export interface LeaseDocument {
  /** `${processorName}:${leaseToken}`, so several processors can share one lease container. */
  id: string;
  kind: 'lease';
  schemaVersion: number;
  processorName: string;
  /** Stable name of the range this lease covers: `${minInclusive}-${maxExclusive}`. */
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
  /** Count of ownership changes; handy when reading leases by hand. */
  ownershipVersion: number;
  /** Cosmos ETag of the stored version; every write is conditional on it. */
  _etag?: string;
}

export function leaseTokenOf(range: FeedRangeBounds): string {
  return `${range.minInclusive}-${range.maxExclusive}`;
}

export function leaseIdOf(processorName: string, leaseToken: string): string {
  return `${processorName}:${leaseToken}`;
}

export function newLease(
  processorName: string,
  range: FeedRangeBounds,
  continuation: string | null,
  now: number,
): LeaseDocument {
  const leaseToken = leaseTokenOf(range);
  return {
    id: leaseIdOf(processorName, leaseToken),
    kind: 'lease',
    schemaVersion: LEASE_SCHEMA_VERSION,
    processorName,
    leaseToken,
    feedRange: { minInclusive: range.minInclusive, maxExclusive: range.maxExclusive },
    owner: null,
    continuation,
    timestamp: now,
    handoverTo: null,
    ownershipVersion: 0,
  };
}

/** True for documents of this processor that look like leases (other processors share the container). */
export function isLeaseOf(processorName: string, doc: unknown): doc is LeaseDocument {
  if (typeof doc !== 'object' || doc === null) return false;
  const d = doc as Partial<LeaseDocument>;
  return (
    d.kind === 'lease' &&
    d.processorName === processorName &&
    typeof d.leaseToken === 'string' &&
    typeof d.feedRange === 'object' &&
    d.feedRange !== null
  );
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
