export type { BucketCounters, SalesCounters } from './counters.ts';
export { addBucket, addSales, ZERO_BUCKET, ZERO_SALES } from './counters.ts';
export type { CategoryOf, OrderContribution } from './contribution.ts';
export { orderContribution } from './contribution.ts';
export {
  CATEGORIES_DOC_ID,
  dayDocId,
  dayKeyOf,
  dayKeysBetween,
  hourDocId,
  hourKeyOf,
  hourKeysBetween,
  isValidTimeZone,
  TOP_MOVIES_DOC_ID,
} from './buckets.ts';
export type {
  CategoriesDelta,
  CategoriesDoc,
  DocFor,
  OrdersDayDelta,
  OrdersDayDoc,
  OrdersHourDelta,
  OrdersHourDoc,
  TopMoviesDelta,
  TopMoviesDoc,
  ViewBookkeeping,
  ViewDelta,
  ViewDoc,
  ViewKind,
} from './view-docs.ts';
export type { TopMoviesState } from './top-movies.ts';
export { evolveTopMovies, initialTopMovies } from './top-movies.ts';
export type { CategoryPopularityState } from './category-popularity.ts';
export { evolveCategoryPopularity, initialCategoryPopularity } from './category-popularity.ts';
export type { OrdersPerDayState, OrdersPerHourState } from './orders-over-time.ts';
export {
  evolveOrdersPerDay,
  evolveOrdersPerHour,
  initialOrdersPerDay,
  initialOrdersPerHour,
} from './orders-over-time.ts';
export type { FoldContext } from './batch.ts';
export { foldBatch } from './batch.ts';
export { applyBatchIdempotently, applyDelta, unappliedEvents } from './apply.ts';
export type { CategoryRow, TopMovieRow } from './read.ts';
export { categoryRanking, topN } from './read.ts';
export { isExactDoc, whyNotCountable } from './countable.ts';
