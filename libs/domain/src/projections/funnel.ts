// The conversion funnel: product views, adds to cart, checkouts started and orders placed, per UTC hour (by
// event time), per category and per movie. Conversion rates are ratios of these counts made when read
// (funnel-rates.ts), never stored: counts add up across leases, hours and movies, ratios do not.
// The docs (a day doc of hours and categories, movie docs of 4-hour blocks) are in funnel-docs.ts.
// An order counts once per movie it names and once per category (the sales views' "distinct orders"), and once
// in the hour's total, so the categories' orders can add up to more than the hour's.
import { UNKNOWN_CATEGORY } from '../catalog/index.ts';
import type { AddedToCart, CheckoutStarted, ProductViewed } from '../clickstream/click-event.ts';
import type { OrderPlaced } from '../orders/index.ts';
import { hourKeyOf } from './buckets.ts';
import { mergeCounters } from './counters.ts';
import type { FoldContext, ViewDefinition } from './definition.ts';
import {
  addSteps,
  blockOf,
  DAY_PREFIX,
  FUNNEL_MAX_CATEGORIES,
  funnelBucketOf,
  funnelDayDocId,
  funnelMovieHoursDocId,
  hourOfDay,
  isFunnelMovieHoursDoc,
  MOVIES_PREFIX,
  ZERO_STEPS,
  type FunnelDoc,
  type FunnelHourEntry,
  type FunnelSteps,
} from './funnel-docs.ts';
import { movieIdsOf } from './movies-of.ts';

/** Every event the funnel folds: the website's three clicks and the order they lead to. */
export type FunnelEvent = ProductViewed | AddedToCart | CheckoutStarted | OrderPlaced;

export interface FunnelCounters {
  views: number;
  carts: number;
  checkouts: number;
  orders: number;
}

/** The step each event type counts as. */
export const FUNNEL_STEP_OF = Object.freeze({
  ProductViewed: 'views',
  AddedToCart: 'carts',
  CheckoutStarted: 'checkouts',
  OrderPlaced: 'orders',
} as const satisfies Record<FunnelEvent['type'], keyof FunnelCounters>);

/** Where each step sits in stored FunnelSteps. */
const STEP_INDEX = { views: 0, carts: 1, checkouts: 2, orders: 3 } as const satisfies Record<
  keyof FunnelCounters,
  number
>;

export const ZERO_FUNNEL: Readonly<FunnelCounters> = Object.freeze({
  views: 0,
  carts: 0,
  checkouts: 0,
  orders: 0,
});

export function addFunnel(
  a: Readonly<FunnelCounters> | undefined,
  b: Readonly<FunnelCounters>,
): FunnelCounters {
  const base = a ?? ZERO_FUNNEL;
  return {
    views: base.views + b.views,
    carts: base.carts + b.carts,
    checkouts: base.checkouts + b.checkouts,
    orders: base.orders + b.orders,
  };
}

/** `steps` one step further, changed in place (made when missing). */
function bumped(steps: FunnelSteps | undefined, index: number): FunnelSteps {
  const next = steps ?? ([...ZERO_STEPS] as FunnelSteps);
  next[index]! += 1;
  return next;
}

/**
 * The event's step added in place to a draft the caller holds whole, nested records included: each movie of
 * the doc's id range and block, or the hour's total and each category, once however many lines name it.
 * In place because a batch folds hundreds of events into one fresh doc: copying the hour's categories per
 * event made this the projector's costliest function in a 100k burst.
 */
function addStep(draft: FunnelDoc, event: FunnelEvent, ctx: FoldContext): void {
  const index = STEP_INDEX[FUNNEL_STEP_OF[event.type]];
  const hour = hourKeyOf(event.occurredAt);
  const hh = hourOfDay(hour);
  const movies = movieIdsOf(event); // distinct already
  if (isFunnelMovieHoursDoc(draft)) {
    for (const id of movies) {
      if (funnelBucketOf(id) !== draft.bucket || blockOf(hour) !== draft.hour) continue;
      const movie = (draft.movies[String(id)] ??= {});
      movie[hh] = bumped(movie[hh], index);
    }
    return;
  }
  const entry = (draft.hours[hh] ??= { total: [...ZERO_STEPS] as FunnelSteps, categories: {} });
  bumped(entry.total, index);
  for (const id of new Set(movies.map((m) => ctx.categoryOf(m) ?? UNKNOWN_CATEGORY.categoryId)))
    entry.categories[String(id)] = bumped(entry.categories[String(id)], index);
}

const addHourEntry = (a: FunnelHourEntry | undefined, b: FunnelHourEntry): FunnelHourEntry => ({
  total: addSteps(a?.total, b.total),
  categories: mergeCounters(a?.categories, b.categories, addSteps),
});

const addMovieHours = (
  a: Record<string, FunnelSteps> | undefined,
  b: Record<string, FunnelSteps>,
): Record<string, FunnelSteps> => mergeCounters(a, b, addSteps);

// Every counter, whatever steps are added later.
const exact = (s: readonly number[]): boolean => s.every((n) => Number.isSafeInteger(n));

export const conversionFunnel: ViewDefinition<FunnelDoc, FunnelEvent> = {
  kind: 'funnel',
  // 2: `funnel-day-<day>` and 4-hour `funnel-movie-hours-…` docs (1: `funnel-hour-<hour>`, `funnel-movies-<hour>-<b>`).
  layout: 2,
  events: ['ProductViewed', 'AddedToCart', 'CheckoutStarted', 'OrderPlaced'],
  usesCatalog: true,
  keysOf: (event) => {
    const hour = hourKeyOf(event.occurredAt);
    const movieDocs = new Set(movieIdsOf(event).map((id) => funnelMovieHoursDocId(hour, id)));
    return [funnelDayDocId(hour), ...movieDocs];
  },
  owns: (id) => id.startsWith(DAY_PREFIX) || id.startsWith(MOVIES_PREFIX),
  initial: (id) => {
    if (id.startsWith(DAY_PREFIX)) {
      const day = id.slice(DAY_PREFIX.length);
      return { id: `${DAY_PREFIX}${day}`, kind: 'funnel', day, hours: {} };
    }
    const rest = id.slice(MOVIES_PREFIX.length);
    const hour = rest.slice(0, 'YYYY-MM-DDTHH'.length);
    const bucket = Number(rest.slice(hour.length + 1));
    return { id: `${MOVIES_PREFIX}${hour}-${bucket}`, kind: 'funnel', hour, bucket, movies: {} };
  },
  // A whole copy per event: evolve is the specs' one-event-at-a-time reference (`project`), never the projector's.
  evolve: (doc, event, ctx) => {
    const draft = structuredClone(doc);
    addStep(draft, event, ctx);
    return draft;
  },
  evolveDraft: addStep,
  merge: (a, b) => {
    if (isFunnelMovieHoursDoc(a) && isFunnelMovieHoursDoc(b))
      return { ...a, movies: mergeCounters(a.movies, b.movies, addMovieHours) };
    if (!isFunnelMovieHoursDoc(a) && !isFunnelMovieHoursDoc(b))
      return { ...a, hours: mergeCounters(a.hours, b.hours, addHourEntry) };
    throw new Error(`${a.id} and ${b.id} are different funnel docs`);
  },
  isExact: (doc) =>
    isFunnelMovieHoursDoc(doc)
      ? Object.values(doc.movies).every((hours) => Object.values(hours).every(exact))
      : Object.values(doc.hours).every((h) => {
          const categories = Object.values(h.categories);
          return exact(h.total) && categories.length <= FUNNEL_MAX_CATEGORIES && categories.every(exact);
        }),
};
