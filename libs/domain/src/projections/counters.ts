// The figures every view counts. Money is always integer cents, so sums are exact and order-independent.

/** Sales of one movie or one category. */
export interface SalesCounters {
  /** Σ Quantity. */
  unitsSold: number;
  /** Distinct orders with at least one matching line (two lines of the same movie in one order count once). */
  orders: number;
  /** Σ Quantity × UnitPrice, in integer cents. */
  revenue: number;
}

/** Orders falling in one time bucket (an hour, a day). */
export interface BucketCounters {
  orders: number;
  /** Σ Total, in integer cents. */
  revenue: number;
  /** Σ Quantity. */
  units: number;
}

export const ZERO_SALES: Readonly<SalesCounters> = Object.freeze({ unitsSold: 0, orders: 0, revenue: 0 });
export const ZERO_BUCKET: Readonly<BucketCounters> = Object.freeze({ orders: 0, revenue: 0, units: 0 });

export function addSales(a: Readonly<SalesCounters> | undefined, b: Readonly<SalesCounters>): SalesCounters {
  const base = a ?? ZERO_SALES;
  return {
    unitsSold: base.unitsSold + b.unitsSold,
    orders: base.orders + b.orders,
    revenue: base.revenue + b.revenue,
  };
}

export function addBucket(
  a: Readonly<BucketCounters> | undefined,
  b: Readonly<BucketCounters>,
): BucketCounters {
  const base = a ?? ZERO_BUCKET;
  return { orders: base.orders + b.orders, revenue: base.revenue + b.revenue, units: base.units + b.units };
}

/** A new record with `additions` merged into `base` key by key; neither input is changed. */
export function mergeCounters<C>(
  base: Readonly<Record<string, C>> | undefined,
  additions: Readonly<Record<string, C>>,
  add: (a: C | undefined, b: C) => C,
): Record<string, C> {
  const merged: Record<string, C> = { ...base };
  for (const [key, value] of Object.entries(additions)) merged[key] = add(merged[key], value);
  return merged;
}

/** `additions` added into `target` key by key, in place: for a record only its caller holds. */
export function addCountersInto<C>(
  target: Record<string, C>,
  additions: Readonly<Record<string, C>>,
  add: (a: C | undefined, b: C) => C,
): void {
  for (const key in additions) target[key] = add(target[key], additions[key]!);
}

const exact = (n: unknown): boolean => Number.isSafeInteger(n);

/** Every counter of the record is a safe integer. */
export function salesExact(record: Readonly<Record<string, SalesCounters>>): boolean {
  return Object.values(record).every((c) => exact(c.unitsSold) && exact(c.orders) && exact(c.revenue));
}

export const bucketExact = (c: BucketCounters): boolean =>
  exact(c.orders) && exact(c.revenue) && exact(c.units);

/** Only the three counters of a bucket (a stored doc carries more fields). */
export const bucketOf = (c: BucketCounters): BucketCounters => ({
  orders: c.orders,
  revenue: c.revenue,
  units: c.units,
});
