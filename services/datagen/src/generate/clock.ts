// The clock that dates orders. The wall clock by default; `start` replaces it with a simulated one so that, for a
// given seed, OrderDate is reproducible too.

export interface OrderClockOptions {
  /** Fix the clock: the first order is dated `start`. */
  start?: Date;
  /** With a backfill window the clock is where the window ends; a fixed `start` then stays put. */
  backfill?: boolean;
  /** Orders per second; a simulated clock advances 1/rate s per order (20 ms at rate 0). */
  rate: number;
}

/** Step of the simulated clock when there is no rate to follow. */
export const UNPACED_STEP_MS = 20;

/**
 * `() => Date`, called once per generated event. Wall clock without `start`; with `start` and a backfill the
 * window always ends at `start`; with `start` alone order n is dated start + n/rate.
 */
export function orderClock({ start, backfill = false, rate }: OrderClockOptions): () => Date {
  if (start === undefined) return () => new Date();
  const origin = start.getTime();
  if (backfill) return () => new Date(origin);
  const stepMs = rate > 0 ? 1000 / rate : UNPACED_STEP_MS;
  let n = 0;
  return () => new Date(origin + Math.floor(n++ * stepMs));
}
