// The one ranking rule of the sales views: units sold desc, then id asc, so ties always come out in the same
// order and pages and caches are stable. Top movies and categories both rank with it.
import type { SalesCounters } from './counters.ts';

export interface Ranked {
  id: number;
  counters: SalesCounters;
}

/** a before b: more units first, then the lower id. */
export const bySales = (a: Ranked, b: Ranked): number =>
  b.counters.unitsSold - a.counters.unitsSold || a.id - b.id;

/** The record's entries (keyed by numeric id) ranked best first. */
export function rankSales(record: Readonly<Record<string, SalesCounters>> | undefined): Ranked[] {
  return Object.entries(record ?? {})
    .map(([key, counters]) => ({ id: Number(key), counters }))
    .sort(bySales);
}

/** Only the three counters (stored docs may carry more fields). */
export const countersOf = (c: SalesCounters): SalesCounters => ({
  unitsSold: c.unitsSold,
  orders: c.orders,
  revenue: c.revenue,
});
