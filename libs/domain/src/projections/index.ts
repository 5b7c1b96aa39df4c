export type { BucketCounters, SalesCounters } from './counters.ts';
export { addBucket, addSales, ZERO_BUCKET, ZERO_SALES } from './counters.ts';
export type { CategoryOf, OrderContribution } from './contribution.ts';
export { noCategories, orderContribution } from './contribution.ts';
export { dayKeyOf, dayKeysBetween, hourKeyOf, hourKeysBetween, isValidTimeZone } from './buckets.ts';
export type { FoldContext, ViewDefinition, ViewDocShape } from './definition.ts';
export { foldEvents, folds, groupByKey, project } from './definition.ts';
export type { RefusedEvent } from './foldable.ts';
export { sortChanges } from './foldable.ts';
export { movieIdsOf, movieIdsOfAll } from './movies-of.ts';
export { withoutUnreadFields } from './unread-fields.ts';
export type { FunnelCounters, FunnelEvent } from './funnel.ts';
export { addFunnel, conversionFunnel, FUNNEL_STEP_OF, ZERO_FUNNEL } from './funnel.ts';
export type {
  FunnelDayDoc,
  FunnelDoc,
  FunnelHourEntry,
  FunnelMovieHoursDoc,
  FunnelSteps,
} from './funnel-docs.ts';
export {
  addSteps,
  countersOfSteps,
  FUNNEL_BLOCK_HOURS,
  FUNNEL_MAX_CATEGORIES,
  FUNNEL_MOVIES_WIDTH,
  funnelBucketOf,
  funnelDayDocId,
  funnelMovieHoursDocId,
  funnelOfHour,
  funnelOfMovieHour,
  isFunnelMovieHoursDoc,
  stepsOf,
} from './funnel-docs.ts';
export type { FunnelHourCounts } from './funnel-seed.ts';
export { funnelDocsOf } from './funnel-seed.ts';
export type { FunnelRates } from './funnel-rates.ts';
export { funnelRates } from './funnel-rates.ts';
export type { ViewBookkeeping } from './view-docs.ts';
export type { MovieSalesDoc, TopMovieRow, TopMoviesDoc } from './top-movies.ts';
export {
  MOVIE_BUCKET_WIDTH,
  movieBucketOf,
  movieSales,
  movieSalesDocId,
  mergeRankings,
  rankingUpdate,
  TOP_MOVIES_DOC_ID,
  TOP_MOVIES_KEPT,
  topN,
} from './top-movies.ts';
export type { CategoriesDoc, CategoryRow } from './categories.ts';
export { CATEGORIES_DOC_ID, categoryPopularity, categoryRanking } from './categories.ts';
export type { OrdersHourDoc } from './orders-per-hour.ts';
export { hourDocId, ordersHourDocsOf, ordersOfHour, ordersPerHour } from './orders-per-hour.ts';
export type { OrdersDayDoc } from './orders-per-day.ts';
export { dayDocId, ordersPerDay } from './orders-per-day.ts';
export type { AnyViewDefinition, DocOfKind, ViewDoc, ViewKind } from './views.ts';
export { definitionOf, kindOfDomainId, VIEW_DEFINITIONS, VIEW_KINDS } from './views.ts';
export type { Ranked } from './ranking.ts';
export { bySales, rankSales } from './ranking.ts';
export { whyNotCountable, whyNotCountableClick } from './countable.ts';
