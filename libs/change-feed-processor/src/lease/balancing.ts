// Pure lease-balancing decision, run by every instance once per acquire interval.
//
// Liveness: an instance is live when it owns at least one unexpired lease (plus the deciding instance itself).
// No heartbeat documents are written; a fresh instance is noticed by the others once it owns a lease, and it
// reaches its share by taking free or expired leases and by asking owners of too many to hand one over.
//
// Stealing is cooperative: instead of overwriting another owner's lease (which would let two instances run the
// same range until the old owner notices), the thief sets `handoverTo` on it. The owner sees the changed ETag at
// its next renew, finishes the batch in flight, checkpoints and writes the lease over to the thief. An owner that
// is dead never answers; its lease then expires and is taken like any other expired lease. An owner that renews
// but never answers (a .NET or Java processor in the same fleet) has the lease taken by overwrite instead.
import { isExpired, liveOwnerOf, type LeaseDocument } from './lease-document.ts';

export interface BalancingInput {
  readonly leases: readonly LeaseDocument[];
  /** Name of the deciding instance. */
  readonly me: string;
  /** Ids of the leases the deciding instance is processing right now. */
  readonly held: ReadonlySet<string>;
  readonly now: number;
  readonly leaseExpirationMs: number;
  /** Upper bound on leases per instance (default: no bound). */
  readonly maxLeasesPerInstance?: number;
  /**
   * Where a lease is placed (colocation.ts): the instance it goes to whatever the fair share, or undefined for
   * a lease balanced as usual. Default: none placed.
   */
  readonly placement?: (lease: LeaseDocument) => string | undefined;
}

/** `adopt`: recorded as ours but not processed here (handed over to us, or ours before a restart). */
export type AcquireReason = 'free' | 'expired' | 'adopt' | 'steal';

export interface BalancingPlan {
  /** Leases to take now: free, expired, or recorded as ours but not being processed here (restart, handover). */
  readonly acquire: ReadonlyArray<{ readonly lease: LeaseDocument; readonly reason: AcquireReason }>;
  /** At most one lease of an over-loaded owner to ask for. */
  readonly requestHandover: LeaseDocument | undefined;
  /** Held leases to give up because the instance holds more than `maxLeasesPerInstance`. */
  readonly release: readonly LeaseDocument[];
  /** Fair share per live instance: ceil(leases / live instances). */
  readonly target: number;
  readonly liveInstances: readonly string[];
}

export function planBalancing(input: BalancingInput): BalancingPlan {
  const { leases, me, held, now, leaseExpirationMs } = input;
  const cap = input.maxLeasesPerInstance ?? Number.POSITIVE_INFINITY;
  const placed = input.placement ?? (() => undefined);
  const owners = new Map<string, LeaseDocument[]>();
  for (const lease of leases) {
    const owner = liveOwnerOf(lease, now, leaseExpirationMs);
    if (owner !== undefined) owners.set(owner, [...(owners.get(owner) ?? []), lease]);
  }
  const live = new Set([...owners.keys(), me]);
  const target = Math.min(cap, leases.length === 0 ? 0 : Math.ceil(leases.length / live.size));

  // Ours in the store: live or expired, held or not (a restarted instance with the same name adopts them).
  const mine = leases.filter((l) => l.owner === me);
  // Also one another instance asked for before we adopted it (handed over to us, then asked for at once): left
  // alone, nobody would process it or answer the request until it expired. Adopting it drops the request; the
  // asker asks again, and we answer after a batch.
  const adopt = mine.filter((l) => !held.has(l.id));
  const pending = leases.filter(
    (l) => l.handoverTo === me && l.owner !== me && !isExpired(l, now, leaseExpirationMs),
  );
  const count = mine.length + pending.length;

  const release =
    count > cap
      ? byPreference(
          me,
          mine.filter((l) => held.has(l.id)),
        ).slice(0, count - cap)
      : [];

  const acquire: Array<{ lease: LeaseDocument; reason: AcquireReason }> = adopt.map((lease) => ({
    lease,
    reason: 'adopt',
  }));
  // An owner answers a handover request at its next renew, once its batch in flight is done. One that has not
  // answered within a whole expiry interval does not speak the protocol (the .NET and Java processors take
  // leases by overwriting the owner): take the lease the same way. Its owner notices at its next renew.
  for (const lease of pending) {
    if (lease.handoverAt !== null && now - lease.handoverAt > leaseExpirationMs)
      acquire.push({ lease, reason: 'steal' });
  }
  const takeable = byPreference(
    me,
    leases.filter((l) => l.owner !== me && isExpired(l, now, leaseExpirationMs)),
  );
  const reasonOf = (lease: LeaseDocument): AcquireReason =>
    lease.owner === null || lease.owner === '' ? 'free' : 'expired';
  // Placed with us: taken whatever the fair share (the anchor's balancing already made it fair), up to the cap.
  let room = cap - count;
  let placedTaken = 0;
  for (const lease of takeable) {
    if (room <= 0) break;
    if (placed(lease) !== me) continue;
    acquire.push({ lease, reason: reasonOf(lease) });
    room -= 1;
    placedTaken += 1;
  }
  // Placed with another instance: left to it, unless it has not taken it for two expiry intervals (it runs no
  // such processor, or one that does not follow): then anyone's, so no range waits for an instance that never
  // comes. A lease's timestamp is when it was freed, or last renewed by an owner now gone.
  const leftToOthers = (lease: LeaseDocument): boolean => {
    const to = placed(lease);
    return to !== undefined && to !== me && now - lease.timestamp <= 2 * leaseExpirationMs;
  };
  let needed = target - count - placedTaken;
  for (const lease of takeable) {
    if (needed <= 0) break;
    if (placed(lease) === me || leftToOthers(lease)) continue;
    acquire.push({ lease, reason: reasonOf(lease) });
    needed -= 1;
  }

  let requestHandover: LeaseDocument | undefined;
  const freshAcquisitions = acquire.length - adopt.length;
  // A lease placed with us that another live instance holds: asked for even while another handover is pending
  // (following the anchor never over-takes), one per round.
  if (room > 0 && freshAcquisitions === 0) {
    requestHandover = byPreference(
      me,
      leases.filter(
        (l) =>
          placed(l) === me &&
          l.owner !== me &&
          l.handoverTo === null &&
          liveOwnerOf(l, now, leaseExpirationMs) !== undefined,
      ),
    )[0];
  }
  if (requestHandover === undefined && needed > 0 && freshAcquisitions === 0 && pending.length === 0) {
    requestHandover = pickLeaseToSteal(me, owners, target, needed, placed);
  }
  return { acquire, requestHandover, release, target, liveInstances: [...live].sort() };
}

/**
 * Steal from the busiest other owner when it holds more than the fair share, or exactly the share while we
 * still need more than one (so that 2-2-0 becomes 2-1-1 rather than staying put).
 */
function pickLeaseToSteal(
  me: string,
  owners: ReadonlyMap<string, LeaseDocument[]>,
  target: number,
  needed: number,
  placed: (lease: LeaseDocument) => string | undefined,
): LeaseDocument | undefined {
  let busiest: { owner: string; leases: LeaseDocument[] } | undefined;
  for (const [owner, owned] of [...owners.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (owner === me) continue;
    if (busiest === undefined || owned.length > busiest.leases.length) busiest = { owner, leases: owned };
  }
  if (busiest === undefined) return undefined;
  const top = busiest.leases.length;
  if (top < target || (top === target && needed <= 1)) return undefined;
  return byPreference(
    me,
    busiest.leases.filter((l) => l.handoverTo === null && placed(l) === undefined),
  )[0];
}

/**
 * Order leases by a hash of (instance, lease token): stable for one instance, different across instances, so
 * instances starting together mostly reach for different leases instead of racing for the same ETag.
 */
export function byPreference(me: string, leases: readonly LeaseDocument[]): LeaseDocument[] {
  return [...leases].sort((a, b) => fnv1a(`${me}|${a.leaseToken}`) - fnv1a(`${me}|${b.leaseToken}`));
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}
