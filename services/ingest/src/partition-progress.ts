// Which partitions keep up and which are stuck. A partition is stuck when it has events enqueued beyond its
// last checkpoint and no checkpoint has moved for longer than a threshold: whatever the cause (a store that
// refuses every write, a batch that fails on every retry), the work is not getting done, and /readyz and the
// metrics must say so. Lag counts from the checkpoint, not from what was received: a batch received and
// retried forever is not progress. Pure: the clock is passed in.

export interface PartitionReport {
  partitionId: string;
  /** Events enqueued after the last checkpoint. */
  lag: number;
  /** How long events have been pending without a checkpoint moving; 0 when none are pending. */
  stuckMs: number;
  /** When the partition last made progress (or work appeared after it had none). */
  progressAtMs: number;
}

interface PartitionState {
  lastEnqueued?: number;
  lastCheckpointed?: number;
  /** When the partition last made progress, or when work appeared after it had none. */
  progressAt: number;
}

const lagOf = (s: PartitionState): number =>
  s.lastEnqueued === undefined || s.lastCheckpointed === undefined
    ? 0
    : Math.max(0, s.lastEnqueued - s.lastCheckpointed);

export class PartitionProgress {
  readonly #stuckAfterMs: number;
  readonly #partitions = new Map<string, PartitionState>();

  constructor(stuckAfterMs: number) {
    this.#stuckAfterMs = stuckAfterMs;
  }

  /**
   * A batch (possibly empty) was handed over. Before the first checkpoint of this process, the one the
   * partition resumed from is just before the first event received.
   */
  received(
    partitionId: string,
    firstSequenceNumber: number | undefined,
    lastEnqueued: number | undefined,
    nowMs: number,
  ): void {
    const state = this.#partitions.get(partitionId) ?? { progressAt: nowMs };
    this.#partitions.set(partitionId, state);
    const wasPending = lagOf(state) > 0;
    if (state.lastCheckpointed === undefined && firstSequenceNumber !== undefined) {
      state.lastCheckpointed = firstSequenceNumber - 1;
    }
    if (lastEnqueued !== undefined)
      state.lastEnqueued = Math.max(state.lastEnqueued ?? lastEnqueued, lastEnqueued);
    // The clock starts when work appears, not when the partition last had something to do.
    if (!wasPending && lagOf(state) > 0) state.progressAt = nowMs;
  }

  checkpointed(partitionId: string, sequenceNumber: number, nowMs: number): void {
    const state = this.#partitions.get(partitionId) ?? { progressAt: nowMs };
    state.lastCheckpointed = sequenceNumber;
    state.progressAt = nowMs;
    this.#partitions.set(partitionId, state);
  }

  /** Another replica owns the partition now: its progress is that replica's to report. */
  released(partitionId: string): void {
    this.#partitions.delete(partitionId);
  }

  report(nowMs: number): PartitionReport[] {
    return [...this.#partitions].map(([partitionId, state]) => {
      const lag = lagOf(state);
      const stuckMs = lag > 0 ? Math.max(0, nowMs - state.progressAt) : 0;
      return { partitionId, lag, stuckMs, progressAtMs: state.progressAt };
    });
  }

  /** Partitions stuck for longer than the threshold. */
  stuck(nowMs: number): PartitionReport[] {
    return this.report(nowMs).filter((p) => p.stuckMs > this.#stuckAfterMs);
  }
}
