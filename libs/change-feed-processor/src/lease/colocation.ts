// Leases of several processors of one feed placed together: each feed range's leases with one instance.
//
// Why: processors of one process that read the same feed (one per view, say) share their pages (SharedFeedReads),
// but only the pages of ranges they all read here. Balanced each on its own, a fleet of N instances scatters a
// range's leases over several of them, and each of those reads and decodes the range's pages: the per-change
// cost grows with the fleet. Placed together, every page is read once in the fleet whatever its size.
//
// How: one processor of the group is the anchor and balances as usual (fair share, handover, expiry). The others
// follow it: a follower's lease goes where the anchor's lease of the same range is held now (or is being handed
// over to). The anchor publishes what it read of its leases at each balancing round; a follower of another
// process learns it through its own anchor's round (every instance's anchor lists every anchor lease). A
// follower that takes a lease placed with it from another live owner asks for it by the usual handover, so no
// range is read twice at any moment.
//
// Nothing stalls on it: a range whose anchor lease is not held by a live instance is balanced as if there were
// no anchor, and so is every lease once the snapshot is older than the lease expiry (an anchor stopped, a slow
// round). A free lease placed with an instance that does not take it (one without this processor, or a release
// that does not follow: another generation, a rolling upgrade) is anyone's after two expiry intervals (see
// balancing.ts), as a lease of a dead owner is after one.
import { liveOwnerOf, rangesOverlap, type LeaseDocument } from './lease-document.ts';

/** What the anchor read of its leases at one balancing round, and when. */
export interface AnchorSnapshot {
  readonly leases: readonly LeaseDocument[];
  readonly at: number;
}

/** Shared by the processors of one process that are placed together: the anchor's latest snapshot. */
export class LeaseColocation {
  #snapshot: AnchorSnapshot | undefined;

  /** The anchor's round: its leases as listed, with the ones it holds now written as its own. */
  publish(snapshot: AnchorSnapshot | undefined): void {
    this.#snapshot = snapshot;
  }

  get snapshot(): AnchorSnapshot | undefined {
    return this.#snapshot;
  }
}

/**
 * Where each of a follower's leases goes: the instance that holds the anchor's lease of the same range now, or
 * that the anchor's lease is being handed over to. Undefined: no placement, balance as usual.
 */
export function placementOf(input: {
  readonly snapshot: AnchorSnapshot | undefined;
  readonly now: number;
  readonly leaseExpirationMs: number;
}): (lease: LeaseDocument) => string | undefined {
  const { snapshot, now, leaseExpirationMs } = input;
  if (snapshot === undefined || now - snapshot.at > leaseExpirationMs) return () => undefined;
  return (lease) => {
    let placed: string | undefined;
    for (const anchor of snapshot.leases) {
      if (!rangesOverlap(anchor.feedRange, lease.feedRange)) continue;
      // An anchor lease on its way to another instance (a handover asked for) places the range there already:
      // the views move with it, not one round after another.
      const held = liveOwnerOf(anchor, now, leaseExpirationMs);
      const owner = held !== undefined && anchor.handoverTo !== null ? anchor.handoverTo : held;
      // Several anchor ranges over one follower range (one side split, not the other yet): only one owner of
      // them all places it.
      if (owner === undefined || (placed !== undefined && placed !== owner)) return undefined;
      placed = owner;
    }
    return placed;
  };
}
