// What one order adds to each view. evolve and foldBatch both build on this, so the rules (distinct-order
// counting, unknown products, cents) live in exactly one place.
import { UNKNOWN_CATEGORY } from '../catalog/index.ts';
import { lineCents, orderTotalCents, orderUnits } from '../orders/index.ts';
import type { OrderPlaced } from '../orders/index.ts';
import type { BucketCounters, SalesCounters } from './counters.ts';

/** `(movieId) => categoryId`, undefined when the product is not in the catalog. */
export type CategoryOf = (movieId: number) => number | undefined;

export interface OrderContribution {
  /** Keyed by movieId. */
  movies: Record<string, SalesCounters>;
  /** Keyed by categoryId; products missing from the catalog count under 0 (Unknown). */
  categories: Record<string, SalesCounters>;
  bucket: BucketCounters;
}

function addLine(into: Record<string, SalesCounters>, key: number, units: number, cents: number): void {
  // `orders` is 1 however many lines share the key: this is one order.
  const current = into[key] ?? { unitsSold: 0, orders: 1, revenue: 0 };
  into[key] = { unitsSold: current.unitsSold + units, orders: 1, revenue: current.revenue + cents };
}

export function orderContribution(event: OrderPlaced, categoryOf: CategoryOf): OrderContribution {
  const movies: Record<string, SalesCounters> = {};
  const categories: Record<string, SalesCounters> = {};
  for (const line of event.data.Details) {
    const cents = lineCents(line);
    addLine(movies, line.ProductId, line.Quantity, cents);
    const categoryId = categoryOf(line.ProductId) ?? UNKNOWN_CATEGORY.categoryId;
    addLine(categories, categoryId, line.Quantity, cents);
  }
  return { movies, categories, bucket: orderBucket(event) };
}

/** What one order adds to a time bucket (no per-movie or per-category maps: the bucket views need none). */
export function orderBucket(event: OrderPlaced): BucketCounters {
  return { orders: 1, revenue: orderTotalCents(event.data), units: orderUnits(event.data) };
}

/** Units, orders and cents per movie of one order (keyed by movieId), without the category lookups. */
export function orderMovieSales(event: OrderPlaced): Record<string, SalesCounters> {
  const movies: Record<string, SalesCounters> = {};
  for (const line of event.data.Details) addLine(movies, line.ProductId, line.Quantity, lineCents(line));
  return movies;
}

/** For views that do not need categories. */
export const noCategories: CategoryOf = () => undefined;
