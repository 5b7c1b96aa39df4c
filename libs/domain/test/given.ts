// A tiny given/when/then helper in the style of emmett's specifications: the test reads like the rule.
//   given(order A, order B).when(topMoviesProjected).then({ ...expected view... })
// Every `when` runs the view definitions production runs (libs/domain/src/projections/*): evolve one event at
// a time, or fold batches from `initial` and merge them into the docs, as the projector does.
import assert from 'node:assert/strict';
import {
  categoryPopularity,
  foldEvents,
  groupByKey,
  ordersPerDay,
  ordersPerHour,
  project,
  movieSales,
  VIEW_DEFINITIONS,
  VIEW_KINDS,
} from '../src/index.ts';
import type {
  BucketCounters,
  CategoryOf,
  FoldContext,
  OrderPlaced,
  SalesCounters,
  StoredEvent,
  ViewDefinition,
  ViewDoc,
  ViewDocShape,
} from '../src/index.ts';

type When<R> = (events: readonly StoredEvent[]) => R;

export function given(...events: StoredEvent[]) {
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

const orders = (events: readonly StoredEvent[]): OrderPlaced[] =>
  events.filter((e): e is OrderPlaced => e.type === 'OrderPlaced');

type Counted<C> = Readonly<Record<string, C>>;

const noCatalog: FoldContext = { categoryOf: () => undefined, timeZone: 'UTC' };

/** Every movie's counters, whichever bucket doc holds them. */
export const topMoviesProjected: When<Counted<SalesCounters>> = (events) =>
  Object.assign({}, ...[...project(movieSales, orders(events), noCatalog).values()].map((d) => d.movies));

export const categoriesProjected =
  (categoryOf: CategoryOf): When<Counted<SalesCounters>> =>
  (events) =>
    project(categoryPopularity, orders(events), { ...noCatalog, categoryOf }).get('categories')?.categories ??
    {};

const bucketsOf = <D extends ViewDocShape & BucketCounters>(
  docs: Map<string, D>,
  keyOf: (doc: D) => string,
): Counted<BucketCounters> =>
  Object.fromEntries(
    [...docs.values()].map((d) => [keyOf(d), { orders: d.orders, revenue: d.revenue, units: d.units }]),
  );

export const ordersPerHourProjected: When<Counted<BucketCounters>> = (events) =>
  bucketsOf(project(ordersPerHour, orders(events), noCatalog), (d) => d.hour);

export const ordersPerDayProjected =
  (timeZone = 'UTC'): When<Counted<BucketCounters>> =>
  (events) =>
    bucketsOf(project(ordersPerDay, orders(events), { ...noCatalog, timeZone }), (d) => d.day);

/** One view's docs after the batches, each folded from `initial` and merged into the docs (the write path). */
function inBatches<D extends ViewDocShape>(
  definition: ViewDefinition<D>,
  events: readonly OrderPlaced[],
  ctx: FoldContext,
  batchSizes: readonly number[],
  into: Record<string, ViewDoc>,
): void {
  const docs = into as unknown as Record<string, D>;
  let start = 0;
  for (const size of batchSizes) {
    for (const [id, group] of groupByKey(definition, events.slice(start, start + size), ctx)) {
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
    for (const kind of VIEW_KINDS)
      inBatches<ViewDoc>(VIEW_DEFINITIONS[kind], orders(events), ctx, batchSizes, docs);
    return docs;
  };

/** The same views built by evolving one event at a time. */
export const evolvedIntoDocs =
  (ctx: FoldContext): When<Record<string, ViewDoc>> =>
  (events) => {
    const docs: Record<string, ViewDoc> = {};
    for (const kind of VIEW_KINDS) {
      for (const [id, doc] of project<ViewDoc>(VIEW_DEFINITIONS[kind], orders(events), ctx)) docs[id] = doc;
    }
    return docs;
  };
