// What applying a batch takes lately in this process, over every view and lease: the sign of contention that
// batch pacing follows (see batch-pacing.ts). One per process, shared by the views, so the views of a range
// compute the same fresh interval and stay on the same grid; the figure they read moves at most once per
// `holdMs`, for the same reason.
export class BatchTimes {
  readonly #alpha: number;
  readonly #holdMs: number;
  readonly #now: () => number;
  #average: number | undefined;
  #held = Number.POSITIVE_INFINITY;
  #heldAt = Number.NEGATIVE_INFINITY;

  constructor(options: { alpha?: number; holdMs?: number; now?: () => number } = {}) {
    this.#alpha = options.alpha ?? 0.05;
    this.#holdMs = options.holdMs ?? 1_000;
    this.#now = options.now ?? Date.now;
  }

  /** A batch took `ms` to apply. */
  observe(ms: number): void {
    this.#average = this.#average === undefined ? ms : this.#average + this.#alpha * (ms - this.#average);
  }

  /** The recent batch time (moving average), as of the last hold; Infinity before any batch. */
  get recentMs(): number {
    const now = this.#now();
    if (now - this.#heldAt >= this.#holdMs) {
      this.#held = this.#average ?? Number.POSITIVE_INFINITY;
      this.#heldAt = now;
    }
    return this.#held;
  }
}
