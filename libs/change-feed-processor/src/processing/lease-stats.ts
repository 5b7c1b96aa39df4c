// Per-lease counters behind getStatus().
import type { LagEstimate, LeaseStatus } from '../observability/observer.ts';
import type { FeedRangeBounds } from '../lease/lease-document.ts';

export class LeaseStats {
  state: LeaseStatus['state'] = 'starting';
  itemsProcessed = 0;
  batchesProcessed = 0;
  handlerErrors = 0;
  readErrors = 0;
  lastHandlerMs: number | undefined;
  lastBatchAt: number | undefined;
  lastCheckpointAt: number | undefined;
  lastLsn: number | undefined;
  lag: LagEstimate = { lsn: undefined, ms: undefined };
  /** Since when the lease has had work in hand without progress; undefined while idle or progressing. */
  pendingSince: number | undefined;
  /** The current stall was reported to the observer (reported once, then its recovery once). */
  stallReported = false;

  stalledMs(now: number): number {
    return this.pendingSince === undefined ? 0 : Math.max(0, now - this.pendingSince);
  }

  recordBatch(items: number, handlerMs: number, at: number, lastLsn: number, lag: LagEstimate): void {
    this.state = 'processing';
    this.itemsProcessed += items;
    this.batchesProcessed += 1;
    this.lastHandlerMs = handlerMs;
    this.lastBatchAt = at;
    this.lastLsn = lastLsn;
    this.lag = lag;
  }

  snapshot(
    leaseToken: string,
    feedRange: FeedRangeBounds,
    now: number,
    stallThresholdMs: number,
  ): LeaseStatus {
    const stalledMs = this.stalledMs(now);
    return {
      leaseToken,
      feedRange,
      state: this.state,
      itemsProcessed: this.itemsProcessed,
      batchesProcessed: this.batchesProcessed,
      handlerErrors: this.handlerErrors,
      readErrors: this.readErrors,
      lastHandlerMs: this.lastHandlerMs,
      lastBatchAt: this.lastBatchAt,
      lastCheckpointAt: this.lastCheckpointAt,
      lastLsn: this.lastLsn,
      lag: this.lag,
      stalledMs,
      stalled: stalledMs > stallThresholdMs,
    };
  }
}
