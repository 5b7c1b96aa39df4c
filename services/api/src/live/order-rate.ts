// Orders per second, from successive hourly order counts. Pure: the caller passes the time.

export interface HourOrders {
  hour: string;
  orders: number;
}

/**
 * Each observation is the hourly series as it is now. Growth is summed hour by hour against the previous
 * observation (a new hour counts from zero, an hour that left the window is ignored), so the total only
 * ever grows, and the rate is that growth over the samples of the last `windowMs` (or between the last
 * two observations when they are further apart).
 */
export class OrderRate {
  readonly #windowMs: number;
  readonly #previous = new Map<string, number>();
  #samples: { at: number; total: number }[] = [];
  #total = 0;

  constructor(windowMs = 10_000) {
    this.#windowMs = windowMs;
  }

  observe(atMs: number, series: readonly HourOrders[]): number {
    const first = this.#samples.length === 0;
    let growth = 0;
    for (const { hour, orders } of series) {
      growth += Math.max(0, orders - (this.#previous.get(hour) ?? 0));
    }
    this.#previous.clear();
    for (const { hour, orders } of series) this.#previous.set(hour, orders);
    // The first observation is the baseline: what is already counted did not arrive "now".
    if (!first) this.#total += growth;
    this.#samples.push({ at: atMs, total: this.#total });
    // Measure over the window; with fewer than two samples inside it, over the last two observations.
    while (this.#samples.length > 2 && atMs - this.#samples[0]!.at > this.#windowMs) this.#samples.shift();
    return this.rate();
  }

  rate(): number {
    const base = this.#samples[0];
    const last = this.#samples.at(-1);
    if (!base || !last || last.at <= base.at) return 0;
    return (last.total - base.total) / ((last.at - base.at) / 1000);
  }
}
