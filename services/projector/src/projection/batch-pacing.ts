// Batch pacing (pure): how long a lease's handler waits after applying a batch before the processor checkpoints
// and reads the next page. Under steady traffic a short wait lets the next page gather more changes, so each
// view doc is written once for more events (fewer feed reads, checkpoints and view writes per event), at the
// price of up to that wait in freshness. A wait only pays when traffic is steady:
// - a full page means the lease is behind (catching up, a burst): read on at once;
// - a batch that came right after a read found the lease idle is sporadic traffic: nothing is gathering, so
//   the next read comes at once too; it finds the lease idle again (then the processor's poll interval
//   applies) or shows the traffic is steady, and the batches after it are paced.

export interface BatchPacing {
  /** Shortest time from one batch's start to the next under steady traffic; 0 = no pacing. */
  minBatchIntervalMs: number;
  /** The page size asked of the feed: a page this big means there is more to read at once. */
  maxItemCount: number;
}

export interface AppliedBatch {
  items: number;
  /** The read before this batch found the lease's range at its head (ChangeFeedContext.afterIdle). */
  afterIdle: boolean;
  /** How long applying it took. */
  elapsedMs: number;
}

/** ms to wait before the next read of the lease (0: at once). */
export function lingerAfter(pacing: BatchPacing, batch: AppliedBatch): number {
  if (batch.items >= pacing.maxItemCount || batch.afterIdle) return 0;
  return Math.max(0, pacing.minBatchIntervalMs - batch.elapsedMs);
}
