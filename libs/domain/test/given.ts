// A tiny given/when/then helper in the style of emmett's specifications: the test reads like the rule.
//   given(order A, order B).when(topMoviesProjected).then({ ...expected view... })
import assert from 'node:assert/strict';
import {
  applyDelta,
  evolveCategoryPopularity,
  evolveOrdersPerDay,
  evolveOrdersPerHour,
  evolveTopMovies,
  foldBatch,
  initialCategoryPopularity,
  initialOrdersPerDay,
  initialOrdersPerHour,
  initialTopMovies,
} from '../src/index.ts';
import { CATEGORIES_DOC_ID, dayDocId, hourDocId, TOP_MOVIES_DOC_ID } from '../src/index.ts';
import type {
  BucketCounters,
  CategoryOf,
  FoldContext,
  SalesCounters,
  StoredEvent,
  ViewDoc,
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

/** Folding evolve one event at a time, from the initial state. */
type Counted<C> = Readonly<Record<string, C>>;

export const topMoviesProjected: When<Counted<SalesCounters>> = (events) =>
  events.reduce(evolveTopMovies, initialTopMovies).movies;

export const categoriesProjected =
  (categoryOf: CategoryOf): When<Counted<SalesCounters>> =>
  (events) =>
    events.reduce((s, e) => evolveCategoryPopularity(s, e, categoryOf), initialCategoryPopularity).categories;

export const ordersPerHourProjected: When<Counted<BucketCounters>> = (events) =>
  events.reduce(evolveOrdersPerHour, initialOrdersPerHour).hours;

export const ordersPerDayProjected =
  (timeZone?: string): When<Counted<BucketCounters>> =>
  (events) =>
    events.reduce(evolveOrdersPerDay, initialOrdersPerDay(timeZone)).days;

/** Each batch folded to deltas and applied to the stored docs, as the projector does. Docs keyed by id. */
export const appliedInBatches =
  (ctx: FoldContext, batchSizes: number[]): When<Record<string, ViewDoc>> =>
  (events) => {
    const docs: Record<string, ViewDoc> = {};
    let start = 0;
    for (const size of batchSizes) {
      for (const delta of foldBatch(events.slice(start, start + size), ctx)) {
        docs[delta.id] = applyDelta(docs[delta.id], delta);
      }
      start += size;
    }
    return docs;
  };

/** The same views built by folding evolve one event at a time, shaped as the docs the projector stores. */
export const evolvedIntoDocs =
  (ctx: FoldContext): When<Record<string, ViewDoc>> =>
  (events) => {
    if (events.length === 0) return {};
    const timeZone = ctx.timeZone ?? 'UTC';
    const docs: Record<string, ViewDoc> = {
      [TOP_MOVIES_DOC_ID]: {
        id: 'top-movies',
        kind: 'top-movies',
        movies: { ...topMoviesProjected(events) },
      },
      [CATEGORIES_DOC_ID]: {
        id: 'categories',
        kind: 'categories',
        categories: { ...categoriesProjected(ctx.categoryOf)(events) },
      },
    };
    for (const [hour, counters] of Object.entries(ordersPerHourProjected(events))) {
      docs[hourDocId(hour)] = { id: hourDocId(hour), kind: 'orders-hour', hour, ...counters };
    }
    for (const [day, counters] of Object.entries(ordersPerDayProjected(timeZone)(events))) {
      docs[dayDocId(day)] = { id: dayDocId(day), kind: 'orders-day', day, timeZone, ...counters };
    }
    return docs;
  };
