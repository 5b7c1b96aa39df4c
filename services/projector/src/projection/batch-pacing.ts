// Batch pacing (pure): how long a lease waits after applying a batch before it reads the next page (the batch is
// checkpointed first, then the wait: ChangeFeedContext.readNextAfter). A wait lets the next page gather more changes, so each view doc is written once for
// more events (fewer feed reads, checkpoints and view writes per event), at the price of up to that wait in
// freshness. So the wait follows the traffic:
// - a full page means the lease is behind (catching up): read on at once;
// - steady traffic is paced to a fresh interval between `freshBatchIntervalMinMs` and `freshBatchIntervalMs`,
//   short enough for the freshness goal (p99 of 250 ms from Event Hubs to every view at 1,000 orders/s): it is
//   BUSY_FACTOR times what batches took lately in this process, so the projector writes sooner while the
//   machine is free (batches are quick) and gathers more per write as they slow down (CPU or store busy), the
//   batch time being the sign of contention it can see;
// - heavy traffic (a burst, a lease taking `heavyEventsPerSecond` or more) is paced to `minBatchIntervalMs`,
//   longer: freshness is lost to the backlog anyway, and each page then gathers several times more events for
//   the same writes.
// The wait ends on a grid: the next multiple of the interval on the wall clock, offset by a phase of the lease's
// range (the same for every view, different from range to range). So the views of one range read their next
// page at the same moment, from the same position, and SharedFeedReads serves them one store read; an event is
// in every view one slot after it was stored, not after the slowest of five unrelated timers. The ranges' phases
// spread the work of the slots over the interval. A read that found nothing new waits for a point on a grid
// too, of the poll interval (`pollWait`, the processor's `pollDelay`), not for a poll interval from its own
// read, so the views that find the range idle read its first changes together. Where the views' own figures
// would still pick different points, the first view of a range to finish decides for the others
// (range-slots.ts).

export interface BatchPacing {
  /** Interval between batches under heavy traffic; 0 = no pacing at all. */
  minBatchIntervalMs: number;
  /** Longest interval between batches under lighter steady traffic (at most minBatchIntervalMs). */
  freshBatchIntervalMs: number;
  /** Shortest one, while batches are quick (see freshIntervalFor); at most freshBatchIntervalMs. */
  freshBatchIntervalMinMs: number;
  /** A lease's events per second from which its traffic is heavy. */
  heavyEventsPerSecond: number;
  /** Changes asked of the store per response: a page holding this many had a full one, so more is waiting. */
  fullPageItems: number;
}

export interface AppliedBatch {
  items: number;
  /** How long applying it took. */
  elapsedMs: number;
  /** From the start of the lease's previous batch to this one's (undefined: none before). */
  sincePreviousMs: number | undefined;
  /** When it ended, in ms on a clock every view (and replica) shares: the wall clock. */
  endedAtMs: number;
  /** Where the lease's range sits on the grid, as a fraction of the interval in [0, 1) (see rangePhase). */
  phase: number;
  /** What applying a batch took lately in this process, all views (Infinity: unknown, the longest wait). */
  recentBatchMs: number;
}

/** Under light traffic a lease waits this many times what batches take: they keep at most ~1/5 of the time. */
export const BUSY_FACTOR = 5;
/** Fresh intervals are multiples of this: views that see slightly different batch times still agree. */
const STEP_MS = 25;

/** The interval under lighter steady traffic: BUSY_FACTOR × the recent batch time, within its bounds. */
export function freshIntervalFor(pacing: BatchPacing, recentBatchMs: number): number {
  const longest = pacing.freshBatchIntervalMs;
  const shortest = Math.min(pacing.freshBatchIntervalMinMs, longest);
  const wanted = Math.ceil((recentBatchMs * BUSY_FACTOR) / STEP_MS) * STEP_MS;
  return Math.min(longest, Math.max(shortest, wanted));
}

/** ms to wait before the next read of the lease (0: at once). */
export function lingerAfter(pacing: BatchPacing, batch: AppliedBatch): number {
  if (batch.items >= pacing.fullPageItems) return 0;
  const since = batch.sincePreviousMs;
  const heavy =
    since !== undefined && since > 0 && (batch.items * 1000) / since >= pacing.heavyEventsPerSecond;
  const interval = heavy
    ? pacing.minBatchIntervalMs
    : Math.min(freshIntervalFor(pacing, batch.recentBatchMs), pacing.minBatchIntervalMs);
  if (interval <= 0 || batch.elapsedMs >= interval) return 0;
  const into = mod(batch.endedAtMs - batch.phase * interval, interval);
  // The next grid point: never more than the interval away, and never right now (it was the slot just read).
  return interval - into;
}

/**
 * After a read found the lease's range idle: ms to the range's next point on a grid of the poll interval, the
 * same for every view, so the views that found it idle read again together.
 */
export function pollWait(pollIntervalMs: number, at: { nowMs: number; phase: number }): number {
  return pollIntervalMs - mod(at.nowMs - at.phase * pollIntervalMs, pollIntervalMs);
}

/** A range's place on the grid: a fraction in [0, 1) from its lease token, the same in every view. */
export function rangePhase(leaseToken: string): number {
  let hash = 2166136261; // FNV-1a
  for (let i = 0; i < leaseToken.length; i += 1) {
    hash ^= leaseToken.charCodeAt(i);
    hash = Math.imul(hash, 16777619);
  }
  return (hash >>> 0) / 2 ** 32;
}

function mod(a: number, n: number): number {
  return ((a % n) + n) % n;
}
