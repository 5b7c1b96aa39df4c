// Token-bucket pacing. Tokens accrue continuously at `ratePerSecond` from one fixed origin, so the average rate
// is held over the whole run: time spent sending, sleeping late or generating is never lost, unlike a sleep of
// 1/rate after each batch, whose errors add up. `capacity` bounds the catch-up burst after a stall.
// Pure: the caller passes the time (milliseconds on any monotonic clock).

export interface TokenBucketOptions {
  ratePerSecond: number;
  /** Most tokens that can pile up; at least 1. */
  capacity: number;
  /** Time of creation: tokens accrue from here. */
  nowMs: number;
  /** Tokens at creation; default 0, so a run starts at its rate instead of with a burst. */
  initialTokens?: number;
}

const EPSILON = 1e-6;

export class TokenBucket {
  readonly ratePerSecond: number;
  readonly capacity: number;
  #tokens: number;
  #lastMs: number;

  constructor(options: TokenBucketOptions) {
    if (!(options.ratePerSecond > 0) || !Number.isFinite(options.ratePerSecond)) {
      throw new RangeError(`ratePerSecond must be a positive number, got ${options.ratePerSecond}`);
    }
    if (!(options.capacity >= 1)) throw new RangeError(`capacity must be >= 1, got ${options.capacity}`);
    this.ratePerSecond = options.ratePerSecond;
    this.capacity = options.capacity;
    this.#tokens = Math.min(options.capacity, options.initialTokens ?? 0);
    this.#lastMs = options.nowMs;
  }

  #refill(nowMs: number): void {
    // A clock that steps back (it should not) just adds nothing.
    const elapsed = Math.max(0, nowMs - this.#lastMs);
    this.#tokens = Math.min(this.capacity, this.#tokens + (elapsed * this.ratePerSecond) / 1000);
    this.#lastMs = Math.max(this.#lastMs, nowMs);
  }

  /** Tokens available now, fractional. */
  available(nowMs: number): number {
    this.#refill(nowMs);
    return this.#tokens;
  }

  /** Takes as many whole tokens as are available, at most `max`, and returns how many it took. */
  take(max: number, nowMs: number): number {
    this.#refill(nowMs);
    // Fractions summed over many refills land a hair below a whole number (299.99999999 for 300); that is 300.
    const whole = Math.floor(this.#tokens + EPSILON);
    const granted = Math.max(0, Math.min(Math.floor(max), whole));
    this.#tokens = Math.max(0, this.#tokens - granted);
    return granted;
  }

  /** Milliseconds until `tokens` whole tokens will be available (0 if they are now). Capped by capacity. */
  msUntil(tokens: number, nowMs: number): number {
    this.#refill(nowMs);
    const missing = Math.min(tokens, this.capacity) - this.#tokens;
    return missing <= 0 ? 0 : Math.ceil((missing * 1000) / this.ratePerSecond);
  }
}
