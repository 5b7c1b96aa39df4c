// Documents in the `views` container. Each holds counters only; the projector adds `appliedLsn`, the
// change-feed position (per lease token) up to which the doc already includes events, which is what makes
// re-delivered batches harmless. A delta has the same shape as its doc minus the bookkeeping: it is what
// one batch adds.
import type { BucketCounters, SalesCounters } from './counters.ts';

export interface ViewBookkeeping {
  /** Lease token → highest change-feed LSN already folded into this doc. */
  appliedLsn?: Record<string, number>;
}

/** All-time sales per movie, keyed by movieId. */
export interface TopMoviesDoc extends ViewBookkeeping {
  id: 'top-movies';
  kind: 'top-movies';
  movies: Record<string, SalesCounters>;
}

/** All-time sales per category, keyed by categoryId (0 = Unknown). */
export interface CategoriesDoc extends ViewBookkeeping {
  id: 'categories';
  kind: 'categories';
  categories: Record<string, SalesCounters>;
}

/** Orders in one UTC hour (by OrderDate). */
export interface OrdersHourDoc extends ViewBookkeeping, BucketCounters {
  id: `orders-hour-${string}`;
  kind: 'orders-hour';
  /** `YYYY-MM-DDTHH`, UTC. */
  hour: string;
}

/** Orders on one calendar day in `timeZone` (by OrderDate). */
export interface OrdersDayDoc extends ViewBookkeeping, BucketCounters {
  id: `orders-day-${string}`;
  kind: 'orders-day';
  /** `YYYY-MM-DD` in `timeZone`. */
  day: string;
  timeZone: string;
}

export type ViewDoc = TopMoviesDoc | CategoriesDoc | OrdersHourDoc | OrdersDayDoc;
export type ViewKind = ViewDoc['kind'];

export type TopMoviesDelta = Omit<TopMoviesDoc, 'appliedLsn'>;
export type CategoriesDelta = Omit<CategoriesDoc, 'appliedLsn'>;
export type OrdersHourDelta = Omit<OrdersHourDoc, 'appliedLsn'>;
export type OrdersDayDelta = Omit<OrdersDayDoc, 'appliedLsn'>;
export type ViewDelta = TopMoviesDelta | CategoriesDelta | OrdersHourDelta | OrdersDayDelta;

interface DocByKind {
  'top-movies': TopMoviesDoc;
  categories: CategoriesDoc;
  'orders-hour': OrdersHourDoc;
  'orders-day': OrdersDayDoc;
}

/** The doc type a delta applies to. */
export type DocFor<D extends ViewDelta> = DocByKind[D['kind']];
