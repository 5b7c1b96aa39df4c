// The expected views, computed from datagen's --out file in plain code, independently of the projections:
// parse each body, keep the valid ones, drop resends by event id, then count with Maps and integer cents.
import { readFile } from 'node:fs/promises';
import { generateCatalog, mergeRankings, orderEventId, validateOrder, type Order } from '@marquee/domain';
import { parseOutFile, recordBytes } from '@marquee/datagen';
import { expectedFunnel, type FunnelTruth, type SentClick } from './funnel-truth.ts';

export interface Sales {
  unitsSold: number;
  orders: number;
  revenue: number;
}
export interface Bucket {
  orders: number;
  revenue: number;
  units: number;
}
export interface Views {
  movies: Record<string, Sales>;
  /** The top-movies ranking a reader gets (the best TOP_MOVIES_KEPT movies with their totals). */
  top: Record<string, Sales>;
  categories: Record<string, Sales>;
  hours: Record<string, Bucket>;
  days: Record<string, Bucket>;
  funnel: FunnelTruth;
}

// Dollars with at most two decimals (what datagen sends) to cents; exact for those values.
const cents = (dollars: number): number => Math.round(dollars * 100);

function dayIn(timeZone: string, instant: Date): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(instant);
}

/** Unique valid orders in an --out file (first occurrence wins, as the create-only event store does). */
export async function uniqueOrders(outFiles: readonly string[]): Promise<Map<string, Order>> {
  const orders = new Map<string, Order>();
  for (const file of outFiles) {
    for (const record of parseOutFile(await readFile(file, 'utf8'))) {
      const result = validateOrder(recordBytes(record), { now: new Date() });
      if (!result.ok) continue;
      const id = orderEventId(result.order);
      if (!orders.has(id)) orders.set(id, result.order);
    }
  }
  return orders;
}

/**
 * `addedMovies`: movieId → categoryId of movies added to the catalog after seeding. `clicks`: the unique
 * clickstream sent (see funnel-truth.ts); the funnel counts them with the orders.
 */
export function expectedViews(
  orderList: Iterable<Order>,
  timeZone = 'UTC',
  addedMovies: ReadonlyMap<number, number> = new Map(),
  clicks: readonly SentClick[] = [],
): Views {
  const orders = [...orderList];
  const categoryOf = new Map(generateCatalog().movies.map((m) => [m.movieId, m.categoryId]));
  for (const [movieId, categoryId] of addedMovies) categoryOf.set(movieId, categoryId);
  const funnel = expectedFunnel(orders, clicks, (id) => categoryOf.get(id));
  const views: Views = { movies: {}, top: {}, categories: {}, hours: {}, days: {}, funnel };
  const sale = (
    into: Record<string, Sales>,
    key: number,
    units: number,
    revenue: number,
    seen: Set<string>,
  ) => {
    const k = String(key);
    const s = (into[k] ??= { unitsSold: 0, orders: 0, revenue: 0 });
    s.unitsSold += units;
    s.revenue += revenue;
    if (!seen.has(k)) {
      seen.add(k);
      s.orders += 1;
    }
  };
  const bucket = (into: Record<string, Bucket>, key: string, units: number, revenue: number) => {
    const b = (into[key] ??= { orders: 0, revenue: 0, units: 0 });
    b.orders += 1;
    b.revenue += revenue;
    b.units += units;
  };
  for (const order of orders) {
    const movieSeen = new Set<string>();
    const categorySeen = new Set<string>();
    let units = 0;
    for (const line of order.Details) {
      const revenue = line.Quantity * cents(line.UnitPrice);
      units += line.Quantity;
      sale(views.movies, line.ProductId, line.Quantity, revenue, movieSeen);
      sale(views.categories, categoryOf.get(line.ProductId) ?? 0, line.Quantity, revenue, categorySeen);
    }
    const at = new Date(order.OrderDate);
    bucket(views.hours, at.toISOString().slice(0, 13), units, cents(order.Total));
    bucket(views.days, dayIn(timeZone, at), units, cents(order.Total));
  }
  views.top = mergeRankings([views.movies]);
  return views;
}

export function totalOrders(views: Views): number {
  return Object.values(views.hours).reduce((sum, b) => sum + b.orders, 0);
}
