// Whether a processor's leases have read the event store past recorded heads, asked of the store rather than of
// the process that ran them (a layout rebuild is shared by the replicas: each sees only its own leases). A lease
// has read everything stored before its range's head when the first change after its checkpoint lies past that
// head, or there is none; a checkpoint is written after its batch's docs, so those are written too.
import { ChangeFeedStartFrom, type Container } from '@azure/cosmos';
import { listLeases, type LeaseDocument } from '@marquee/change-feed-processor';
import type { RangeHeadRecord } from '@marquee/domain';
import { feedEtagLsn, headOf } from './store-head.ts';

/** Every feed range of `events` covered by leases of the processor, each read past its head. */
export async function readPastHeads(
  events: Container,
  leases: Container,
  processorName: string,
  heads: readonly RangeHeadRecord[],
): Promise<boolean> {
  const held = await listLeases({ leases, monitored: events, processorName });
  const ranges = await events.getFeedRanges();
  const covered = ranges.every((r) =>
    held.some((l) => l.feedRange.minInclusive < r.maxExclusive && r.minInclusive < l.feedRange.maxExclusive),
  );
  if (!covered) return false;
  const past = await Promise.all(held.map((lease) => leaseReadPastHead(events, lease, heads)));
  return past.every(Boolean);
}

async function leaseReadPastHead(
  events: Container,
  lease: LeaseDocument,
  heads: readonly RangeHeadRecord[],
): Promise<boolean> {
  if (lease.continuation === null) return false;
  const head = headOf(heads, lease.feedRange);
  if (head === undefined) return true;
  const page = await events.items
    .getChangeFeedIterator<{ _lsn?: number }>({
      changeFeedStartFrom: ChangeFeedStartFrom.Continuation(lease.continuation),
      maxItemCount: 1,
    })
    .readNext();
  if (page.statusCode === 304 || page.result.length === 0) return true;
  const lsn = page.result[0]?._lsn ?? feedEtagLsn(page.headers.etag);
  return lsn !== undefined && lsn > head;
}
