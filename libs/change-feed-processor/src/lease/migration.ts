// Converting leases of Marquee's first format (`{ kind: "lease", schemaVersion: 1, processorName, id:
// "<processor>:<token>", owner, continuation, … }`) to the shared .NET format, once, under the bootstrap lock.
//
// Per old lease: first an ETag-conditional replace turns it into a tombstone (owner `MIGRATED_OWNER`, timestamp
// far in the future). That fences instances still running the old version: their next checkpoint or renew
// meets a changed ETag and they stop, and since the tombstone never expires and still covers its range they
// neither take it again nor create a fresh lease for it. The continuation read in the version we fenced is
// therefore the last one written, and the new lease starts exactly there: nothing is skipped, and nothing is
// re-delivered beyond the batch an old owner had in flight (at-least-once). Then the new lease is created
// (free, for the balancer) unless a lease of the new format already covers that range. A crash between the
// two steps is resumed at the next start: a tombstone whose new lease is missing gets it then.
import type { Container } from '@azure/cosmos';
import { isStatus } from './cosmos-errors.ts';
import { newLease, rangesOverlap, type FeedRangeBounds } from './lease-document.ts';
import type { LeaseStore } from './lease-store.ts';

export const MIGRATED_OWNER = 'marquee:migrated-to-shared-lease-format';
/** Max Date: `now - timestamp` stays negative, so old versions never see the tombstone expire. */
const NEVER = 8_640_000_000_000_000;

export interface OldLease {
  id: string;
  kind: 'lease';
  schemaVersion: 1;
  processorName: string;
  leaseToken: string;
  feedRange: FeedRangeBounds;
  owner: string | null;
  continuation: string | null;
  timestamp: number;
  _etag?: string;
}

export function isOldLeaseOf(processorName: string, doc: unknown): doc is OldLease {
  if (typeof doc !== 'object' || doc === null) return false;
  const d = doc as Partial<OldLease>;
  return (
    d.kind === 'lease' &&
    d.schemaVersion === 1 &&
    d.processorName === processorName &&
    typeof d.leaseToken === 'string' &&
    typeof d.feedRange === 'object' &&
    d.feedRange !== null
  );
}

/** Old leases of the processor still to convert (not yet a tombstone, or a tombstone without its new lease). */
export async function oldLeasesOf(container: Container, processorName: string): Promise<OldLease[]> {
  const { resources } = await container.items.readAll().fetchAll();
  return resources.filter((doc): doc is OldLease & typeof doc => isOldLeaseOf(processorName, doc));
}

export async function needsMigration(store: LeaseStore, processorName: string): Promise<boolean> {
  const old = await oldLeasesOf(store.container, processorName);
  if (old.some((l) => l.owner !== MIGRATED_OWNER)) return true;
  const current = await store.list();
  return old.some((l) => !current.some((c) => rangesOverlap(c.feedRange, l.feedRange)));
}

/** Converts every old lease of the processor; returns how many new leases it created. */
export async function migrateOldLeases(
  store: LeaseStore,
  processorName: string,
  now: number,
): Promise<number> {
  let created = 0;
  for (const found of await oldLeasesOf(store.container, processorName)) {
    const final = await fence(store.container, found);
    if (final === undefined) continue;
    const current = await store.list();
    if (current.some((c) => rangesOverlap(c.feedRange, final.feedRange))) continue;
    const lease = newLease(store.format.prefix, final.feedRange, final.continuation, now);
    if ((await store.createIfAbsent(lease)) !== undefined) created += 1;
  }
  return created;
}

/** Makes the old lease a tombstone; returns the version fenced (its continuation is final), or undefined if gone. */
async function fence(container: Container, lease: OldLease): Promise<OldLease | undefined> {
  let current: OldLease | undefined = lease;
  while (current !== undefined && current.owner !== MIGRATED_OWNER) {
    const { _etag: etag, ...body } = current;
    try {
      const tomb = { ...body, owner: MIGRATED_OWNER, timestamp: NEVER, handoverTo: null };
      await container
        .item(current.id, current.id)
        .replace(tomb, { accessCondition: { type: 'IfMatch', condition: etag ?? '' } });
      return current;
    } catch (error) {
      if (isStatus(error, 404)) return undefined;
      if (!isStatus(error, 412)) throw error;
    }
    // An old-version owner wrote meanwhile: fence its newer version.
    const reread: OldLease | undefined = (await container.item(current.id, current.id).read<OldLease>())
      .resource;
    current = reread;
  }
  return current;
}
