// The funnel's stored documents and how readers take an hour out of them. Two families, both bounded whatever
// the catalog or the traffic, and both spanning several hours, because a batch writes each doc it touches
// once: a backfill page of 2,000 orders spread over three days touched ~72 hour docs and ~144 per-movie hour
// docs (0.11 writes per order); with a day doc and 4-hour movie docs it touches ~4 and ~57.
// - `funnel-day-<YYYY-MM-DD>` (UTC day): per hour of the day, the hour's totals and one entry per category
//   (0 = Unknown). Categories are the catalog's, made by hand (19 today): at most 24 × (categories + 1)
//   entries of at most ~75 bytes (16-digit figures), ~38 KB with 20, under 100 KB up to 50 categories.
// - `funnel-movie-hours-<first hour>-<b>`: the movies with floor(movieId / FUNNEL_MOVIES_WIDTH) = b over a
//   block of FUNNEL_BLOCK_HOURS UTC hours: at most 256 movies × 4 hours of ~75 bytes, ~82 KB at worst.
// Counts are stored as [views, carts, checkouts, orders] (FunnelSteps), which is what keeps a full movie doc
// under 100 KB; hours are `HH` keys and only hours, movies and categories with a count are present.
import type { FunnelCounters } from './funnel.ts';
import type { ViewBookkeeping } from './view-docs.ts';

/** One scope's counts as stored: [views, carts, checkouts, orders]. */
export type FunnelSteps = [views: number, carts: number, checkouts: number, orders: number];

/** An hour of a day doc: its totals, and per category (keyed by categoryId, 0 = Unknown). */
export interface FunnelHourEntry {
  total: FunnelSteps;
  categories: Record<string, FunnelSteps>;
}

/** The funnel of one UTC day, per hour (`HH` keys). */
export interface FunnelDayDoc extends ViewBookkeeping {
  id: `funnel-day-${string}`;
  kind: 'funnel';
  /** `YYYY-MM-DD`, UTC. */
  day: string;
  hours: Record<string, FunnelHourEntry>;
}

/** The funnel of the movies of one id range over one block of hours: movieId → `HH` → steps. */
export interface FunnelMovieHoursDoc extends ViewBookkeeping {
  id: `funnel-movie-hours-${string}`;
  kind: 'funnel';
  /** The block's first hour, `YYYY-MM-DDTHH` (UTC). */
  hour: string;
  bucket: number;
  movies: Record<string, Record<string, FunnelSteps>>;
}

export type FunnelDoc = FunnelDayDoc | FunnelMovieHoursDoc;

/**
 * Categories an hour of a day doc holds at most. Categories are the catalog's, so their number has no bound of
 * its own: 24 hours × (900 + a total) entries of at most ~86 bytes (13-digit ids, 16-digit figures) is
 * ~1.86 MB, under Cosmos' 2 MB item limit with room for the envelope.
 * Past it the doc could never be written again, a failure every retry would repeat; instead the events that
 * would add a category past it are set aside with their reason (`isExact` is false, see batch-plan.ts).
 */
export const FUNNEL_MAX_CATEGORIES = 900;

/** Hours per movie doc: 4 × 256 movies × ~75 bytes stays under 100 KB. */
export const FUNNEL_BLOCK_HOURS = 4;
/** Movie ids per movie doc. */
export const FUNNEL_MOVIES_WIDTH = 256;

export const DAY_PREFIX = 'funnel-day-';
export const MOVIES_PREFIX = 'funnel-movie-hours-';

export const funnelBucketOf = (movieId: number): number => Math.floor(movieId / FUNNEL_MOVIES_WIDTH);

/** `2026-11-22T14` → `14`: the key of an hour inside its day doc and its movie doc. */
export const hourOfDay = (hour: string): string => hour.slice(11, 13);

/** The first hour of the block `hour` falls in: `2026-11-22T14` → `2026-11-22T12`. */
export function blockOf(hour: string): string {
  const hh = Number(hourOfDay(hour));
  return `${hour.slice(0, 11)}${String(hh - (hh % FUNNEL_BLOCK_HOURS)).padStart(2, '0')}`;
}

export const funnelDayDocId = (hour: string): FunnelDayDoc['id'] => `${DAY_PREFIX}${hour.slice(0, 10)}`;
/** The movie doc holding `movieId` in `hour` (any hour of the block). */
export const funnelMovieHoursDocId = (hour: string, movieId: number): FunnelMovieHoursDoc['id'] =>
  `${MOVIES_PREFIX}${blockOf(hour)}-${funnelBucketOf(movieId)}`;

export const isFunnelMovieHoursDoc = (doc: FunnelDoc): doc is FunnelMovieHoursDoc => 'movies' in doc;

export const ZERO_STEPS: Readonly<FunnelSteps> = Object.freeze<FunnelSteps>([0, 0, 0, 0]);

export const addSteps = (a: Readonly<FunnelSteps> | undefined, b: Readonly<FunnelSteps>): FunnelSteps => {
  const base = a ?? ZERO_STEPS;
  return [base[0] + b[0], base[1] + b[1], base[2] + b[2], base[3] + b[3]];
};

export const countersOfSteps = (s: Readonly<FunnelSteps>): FunnelCounters => ({
  views: s[0],
  carts: s[1],
  checkouts: s[2],
  orders: s[3],
});

/** An hour's funnel read from its (merged) day doc: undefined when nothing was counted in it. */
export function funnelOfHour(
  doc: Pick<FunnelDayDoc, 'hours'> | undefined,
  hour: string,
): { total: FunnelCounters; categories: Record<string, FunnelCounters> } | undefined {
  const entry = doc?.hours[hourOfDay(hour)];
  if (entry === undefined) return undefined;
  const categories: Record<string, FunnelCounters> = {};
  for (const [id, steps] of Object.entries(entry.categories)) categories[id] = countersOfSteps(steps);
  return { total: countersOfSteps(entry.total), categories };
}

/** A movie's funnel in an hour read from its (merged) movie doc: undefined when nothing was counted. */
export function funnelOfMovieHour(
  doc: Pick<FunnelMovieHoursDoc, 'movies'> | undefined,
  movieId: number,
  hour: string,
): FunnelCounters | undefined {
  const steps = doc?.movies[String(movieId)]?.[hourOfDay(hour)];
  return steps === undefined ? undefined : countersOfSteps(steps);
}

export const stepsOf = (c: Readonly<FunnelCounters>): FunnelSteps => [
  c.views,
  c.carts,
  c.checkouts,
  c.orders,
];
