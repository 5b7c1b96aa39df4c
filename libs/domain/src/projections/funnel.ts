// The conversion funnel: product views, adds to cart, checkouts started and orders placed, per UTC hour (by
// event time), per category and per movie. Conversion rates are ratios of these counts made when read
// (funnel-rates.ts), never stored: counts add up across leases, hours and movies, ratios do not.
//
// Two doc families, both per hour and both bounded whatever the catalog or the traffic:
// - `funnel-hour-<hour>`: the hour's totals and one entry per category (0 = Unknown). Categories are the
//   catalog's, made by hand (19 today); at ~120 bytes an entry the doc stays far under 100 KB.
// - `funnel-movies-<hour>-<b>`: the movies with floor(movieId / MOVIE_BUCKET_WIDTH) = b, as top movies keeps
//   them: at most 512 entries of at most ~120 bytes (16-digit figures), ~60 KB at worst.
// An order counts once per movie it names and once per category (the sales views' "distinct orders"), and once
// in the hour's total, so the categories' orders can add up to more than the hour's.
import { UNKNOWN_CATEGORY } from '../catalog/index.ts';
import type { AddedToCart, CheckoutStarted, ProductViewed } from '../clickstream/click-event.ts';
import type { OrderPlaced } from '../orders/index.ts';
import { hourKeyOf } from './buckets.ts';
import { mergeCounters } from './counters.ts';
import type { FoldContext, ViewDefinition } from './definition.ts';
import { movieIdsOf } from './movies-of.ts';
import { movieBucketOf } from './top-movies.ts';
import type { ViewBookkeeping } from './view-docs.ts';

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

export const ZERO_FUNNEL: Readonly<FunnelCounters> = Object.freeze({
  views: 0,
  carts: 0,
  checkouts: 0,
  orders: 0,
});

/** The funnel of one UTC hour: all of it, and per category (keyed by categoryId, 0 = Unknown). */
export interface FunnelHourDoc extends ViewBookkeeping {
  id: `funnel-hour-${string}`;
  kind: 'funnel';
  /** `YYYY-MM-DDTHH`, UTC. */
  hour: string;
  total: FunnelCounters;
  categories: Record<string, FunnelCounters>;
}

/** The funnel of the movies of one id range in one UTC hour, keyed by movieId. */
export interface FunnelMoviesDoc extends ViewBookkeeping {
  id: `funnel-movies-${string}`;
  kind: 'funnel';
  hour: string;
  bucket: number;
  movies: Record<string, FunnelCounters>;
}

export type FunnelDoc = FunnelHourDoc | FunnelMoviesDoc;

const HOUR_PREFIX = 'funnel-hour-';
const MOVIES_PREFIX = 'funnel-movies-';
const HOUR_LENGTH = 'YYYY-MM-DDTHH'.length;

export const funnelHourDocId = (hour: string): FunnelHourDoc['id'] => `${HOUR_PREFIX}${hour}`;
export const funnelMoviesDocId = (hour: string, bucket: number): FunnelMoviesDoc['id'] =>
  `${MOVIES_PREFIX}${hour}-${bucket}`;

export const isFunnelMoviesDoc = (doc: FunnelDoc): doc is FunnelMoviesDoc => 'movies' in doc;

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

// Every counter, whatever steps are added later.
const exact = (c: FunnelCounters): boolean => Object.values(c).every((n) => Number.isSafeInteger(n));

/** `record[key]` one step further: a new entry object, so a shallow copy of the record may be drafted on. */
function bump(record: Record<string, FunnelCounters>, key: string, step: keyof FunnelCounters): void {
  const current = record[key] ?? ZERO_FUNNEL;
  record[key] = { ...current, [step]: current[step] + 1 };
}

/**
 * The event's step added in place to a draft whose records the caller owns (entries are replaced, never
 * changed): each movie of the doc's id range, or each category, once however many lines name it.
 */
function addStep(draft: FunnelDoc, event: FunnelEvent, ctx: FoldContext): void {
  const step = FUNNEL_STEP_OF[event.type];
  const movies = movieIdsOf(event); // distinct already
  if (isFunnelMoviesDoc(draft)) {
    for (const id of movies) if (movieBucketOf(id) === draft.bucket) bump(draft.movies, String(id), step);
    return;
  }
  draft.total = { ...draft.total, [step]: draft.total[step] + 1 };
  const categories = new Set(movies.map((id) => ctx.categoryOf(id) ?? UNKNOWN_CATEGORY.categoryId));
  for (const id of categories) bump(draft.categories, String(id), step);
}

export const conversionFunnel: ViewDefinition<FunnelDoc, FunnelEvent> = {
  kind: 'funnel',
  events: ['ProductViewed', 'AddedToCart', 'CheckoutStarted', 'OrderPlaced'],
  usesCatalog: true,
  keysOf: (event) => {
    const hour = hourKeyOf(event.occurredAt);
    const buckets = new Set(movieIdsOf(event).map(movieBucketOf));
    return [funnelHourDocId(hour), ...[...buckets].map((b) => funnelMoviesDocId(hour, b))];
  },
  owns: (id) => id.startsWith(HOUR_PREFIX) || id.startsWith(MOVIES_PREFIX),
  initial: (id) => {
    if (id.startsWith(HOUR_PREFIX)) {
      const hour = id.slice(HOUR_PREFIX.length);
      return { id: funnelHourDocId(hour), kind: 'funnel', hour, total: { ...ZERO_FUNNEL }, categories: {} };
    }
    const rest = id.slice(MOVIES_PREFIX.length);
    const [hour, bucket] = [rest.slice(0, HOUR_LENGTH), Number(rest.slice(HOUR_LENGTH + 1))];
    return { id: funnelMoviesDocId(hour, bucket), kind: 'funnel', hour, bucket, movies: {} };
  },
  evolve: (doc, event, ctx) => {
    const draft = isFunnelMoviesDoc(doc)
      ? { ...doc, movies: { ...doc.movies } }
      : { ...doc, categories: { ...doc.categories } };
    addStep(draft, event, ctx);
    return draft;
  },
  evolveDraft: addStep,
  merge: (a, b) => {
    if (isFunnelMoviesDoc(a) && isFunnelMoviesDoc(b))
      return { ...a, movies: mergeCounters(a.movies, b.movies, addFunnel) };
    if (!isFunnelMoviesDoc(a) && !isFunnelMoviesDoc(b))
      return {
        ...a,
        total: addFunnel(a.total, b.total),
        categories: mergeCounters(a.categories, b.categories, addFunnel),
      };
    throw new Error(`${a.id} and ${b.id} are different funnel docs`);
  },
  isExact: (doc) =>
    isFunnelMoviesDoc(doc)
      ? Object.values(doc.movies).every(exact)
      : exact(doc.total) && Object.values(doc.categories).every(exact),
};
