// A tiny given/when/then helper in the style of emmett's specifications: the test reads like the rule.
//   given(order A, order B).when(topMoviesProjected).then({ ...expected view... })
// Every `when` runs the view definitions production runs (libs/domain/src/projections/*): evolve one event at
// a time, or fold batches from `initial` and merge them into the docs, as the projector does.
import assert from 'node:assert/strict';
import {
  categoryPopularity,
  conversionFunnel,
  foldEvents,
  folds,
  groupByKey,
  countersOfSteps,
  isFunnelMovieHoursDoc,
  ordersPerDay,
  ordersPerHour,
  project,
  movieSales,
  VIEW_DEFINITIONS,
  VIEW_KINDS,
} from '../src/index.ts';
import type {
  AnyViewDefinition,
  BucketCounters,
  CategoryOf,
  FoldContext,
  FunnelCounters,
  SalesCounters,
  TelemetryEvent,
  ViewDoc,
} from '../src/index.ts';

type When<R> = (events: readonly TelemetryEvent[]) => R;

export function given(...events: TelemetryEvent[]) {
  return {
    when<R>(action: When<R>) {
      const actual = action(events);
      return {
        then(expected: R): void {
          assert.deepEqual(actual, expected);
        },
      };
    },
  };
}

type Counted<C> = Readonly<Record<string, C>>;

const noCatalog: FoldContext = { categoryOf: () => undefined, timeZone: 'UTC' };

/** Every movie's counters, whichever bucket doc holds them. */
export const topMoviesProjected: When<Counted<SalesCounters>> = (events) =>
  Object.assign({}, ...[...project(movieSales, events, noCatalog).values()].map((d) => d.movies));

export const categoriesProjected =
  (categoryOf: CategoryOf): When<Counted<SalesCounters>> =>
  (events) =>
    project(categoryPopularity, events, { ...noCatalog, categoryOf }).get('categories')?.categories ?? {};

const bucketsOf = <D extends ViewDoc & BucketCounters>(
  docs: Map<string, D>,
  keyOf: (doc: D) => string,
): Counted<BucketCounters> =>
  Object.fromEntries(
    [...docs.values()].map((d) => [keyOf(d), { orders: d.orders, revenue: d.revenue, units: d.units }]),
  );

/** Orders per hour, out of the day docs that hold the hours. */
export const ordersPerHourProjected: When<Counted<BucketCounters>> = (events) => {
  const hours: Record<string, BucketCounters> = {};
  for (const doc of project(ordersPerHour, events, noCatalog).values())
    for (const [hh, c] of Object.entries(doc.hours)) hours[`${doc.day}T${hh}`] = c;
  return hours;
};

export const ordersPerDayProjected =
  (timeZone = 'UTC'): When<Counted<BucketCounters>> =>
  (events) =>
    bucketsOf(project(ordersPerDay, events, { ...noCatalog, timeZone }), (d) => d.day);

/**
 * One view's docs after the batches, each folded from `initial` and merged into the docs (the write path).
 * Like the projector, the view is handed only the event types it folds.
 */
function inBatches(
  definition: AnyViewDefinition,
  events: readonly TelemetryEvent[],
  ctx: FoldContext,
  batchSizes: readonly number[],
  docs: Record<string, ViewDoc>,
): void {
  let start = 0;
  for (const size of batchSizes) {
    const batch = events.slice(start, start + size).filter((e) => folds(definition, e));
    for (const [id, group] of groupByKey(definition, batch, ctx)) {
      const delta = foldEvents(definition, id, group, ctx);
      const stored = docs[id];
      docs[id] = stored === undefined ? delta : definition.merge(stored, delta);
    }
    start += size;
  }
}

/** Every view's docs after the batches, as the projector writes them. Docs keyed by id. */
export const appliedInBatches =
  (ctx: FoldContext, batchSizes: number[]): When<Record<string, ViewDoc>> =>
  (events) => {
    const docs: Record<string, ViewDoc> = {};
    for (const kind of VIEW_KINDS) inBatches(VIEW_DEFINITIONS[kind], events, ctx, batchSizes, docs);
    return docs;
  };

/** The same views built by evolving one event at a time. */
export const evolvedIntoDocs =
  (ctx: FoldContext): When<Record<string, ViewDoc>> =>
  (events) => {
    const docs: Record<string, ViewDoc> = {};
    for (const kind of VIEW_KINDS) {
      const definition: AnyViewDefinition = VIEW_DEFINITIONS[kind];
      for (const [id, doc] of project(definition, events, ctx)) docs[id] = doc;
    }
    return docs;
  };

/** The funnel as a reader sums it: per hour its totals, per category and per movie across the hours. */
export interface FunnelProjection {
  hours: Record<string, FunnelCounters>;
  categories: Record<string, Record<string, FunnelCounters>>;
  movies: Record<string, Record<string, FunnelCounters>>;
}

/** The funnel's docs, by hour: totals and categories out of the day docs, every movie out of its block's doc. */
export const funnelProjected =
  (categoryOf: CategoryOf = () => undefined): When<FunnelProjection> =>
  (events) => {
    const result: FunnelProjection = { hours: {}, categories: {}, movies: {} };
    for (const doc of project(conversionFunnel, events, { ...noCatalog, categoryOf }).values()) {
      if (isFunnelMovieHoursDoc(doc)) {
        for (const [id, hours] of Object.entries(doc.movies)) {
          for (const [hh, steps] of Object.entries(hours)) {
            const hour = `${doc.hour.slice(0, 11)}${hh}`;
            result.movies[hour] = { ...result.movies[hour], [id]: countersOfSteps(steps) };
          }
        }
        continue;
      }
      for (const [hh, entry] of Object.entries(doc.hours)) {
        const hour = `${doc.day}T${hh}`;
        result.hours[hour] = countersOfSteps(entry.total);
        result.categories[hour] = Object.fromEntries(
          Object.entries(entry.categories).map(([id, steps]) => [id, countersOfSteps(steps)]),
        );
      }
    }
    return result;
  };
