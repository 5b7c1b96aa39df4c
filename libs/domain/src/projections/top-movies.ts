// Top movies of all time, over a catalog of any size. Per-movie counters live in bounded docs: the movies of
// one id range (MOVIE_BUCKET_WIDTH ids, so at most that many entries, ~50 KB, whatever the catalog) are one
// doc, `movie-sales-<bucket>`. The ranking is read from small docs of at most TOP_MOVIES_KEPT movies
// (`top-movies`), which the projector keeps from the movies' all-time totals (see rankingUpdate and the
// projector README for why that top is exact). Sales only ever add up.
import { UNKNOWN_CATEGORY, unknownMovieTitle, type MovieInfo } from '../catalog/index.ts';
import type { OrderPlaced } from '../orders/index.ts';
import { orderMovieSales } from './contribution.ts';
import type { SalesCounters } from './counters.ts';
import { addCountersInto, addSales, mergeCounters, salesExact } from './counters.ts';
import type { ViewDefinition } from './definition.ts';
import { countersOf, rankSales } from './ranking.ts';
import type { ViewBookkeeping } from './view-docs.ts';

/** Movie ids per counters doc: at most this many entries of ~100 bytes each, far under 100 KB. */
export const MOVIE_BUCKET_WIDTH = 512;
/** Movies a ranking doc keeps: the most the api serves. */
export const TOP_MOVIES_KEPT = 50;
export const TOP_MOVIES_DOC_ID = 'top-movies';

const PREFIX = 'movie-sales-';

export const movieBucketOf = (movieId: number): number => Math.floor(movieId / MOVIE_BUCKET_WIDTH);
export const movieSalesDocId = (bucket: number): MovieSalesDoc['id'] => `${PREFIX}${bucket}`;

/** All-time sales of the movies of one id range, keyed by movieId. */
export interface MovieSalesDoc extends ViewBookkeeping {
  id: `movie-sales-${string}`;
  kind: 'top-movies';
  bucket: number;
  movies: Record<string, SalesCounters>;
}

/** The ranking doc: the best TOP_MOVIES_KEPT movies with their all-time totals (as last read). */
export interface TopMoviesDoc {
  id: typeof TOP_MOVIES_DOC_ID;
  kind: 'top-movies';
  movies: Record<string, SalesCounters>;
}

/** The order's sales of this doc's movies, added in place. */
function addBucketSales(draft: MovieSalesDoc, event: OrderPlaced): void {
  const mine: Record<string, SalesCounters> = {};
  for (const [id, sales] of Object.entries(orderMovieSales(event))) {
    if (movieBucketOf(Number(id)) === draft.bucket) mine[id] = sales;
  }
  addCountersInto(draft.movies, mine, addSales);
}

export const movieSales: ViewDefinition<MovieSalesDoc> = {
  kind: 'top-movies',
  layout: 1,
  events: ['OrderPlaced'],
  keysOf: (event) => [
    ...new Set(event.data.Details.map((line) => movieSalesDocId(movieBucketOf(line.ProductId)))),
  ],
  owns: (id) => id.startsWith(PREFIX) || id === TOP_MOVIES_DOC_ID,
  initial: (id) => ({ id, kind: 'top-movies', bucket: Number(id.slice(PREFIX.length)), movies: {} }),
  evolve: (doc, event) => {
    const draft = { ...doc, movies: { ...doc.movies } };
    addBucketSales(draft, event);
    return draft;
  },
  evolveDraft: addBucketSales,
  merge: (a, b) => ({ ...a, movies: mergeCounters(a.movies, b.movies, addSales) }),
  isExact: (doc) => salesExact(doc.movies),
};

/** Each counter the larger of the two: two readings of one movie's ever-growing totals, the later kept. */
const newest = (a: SalesCounters | undefined, b: SalesCounters): SalesCounters =>
  a === undefined
    ? countersOf(b)
    : {
        unitsSold: Math.max(a.unitsSold, b.unitsSold),
        orders: Math.max(a.orders, b.orders),
        revenue: Math.max(a.revenue, b.revenue),
      };

/**
 * Rankings (or readings of movies' totals) as one ranking: per movie the newest reading, then the best
 * `keep`. Associative and commutative, and idempotent: a reading applied twice changes nothing.
 */
export function mergeRankings(
  rankings: readonly (Readonly<Record<string, SalesCounters>> | undefined)[],
  keep = TOP_MOVIES_KEPT,
): Record<string, SalesCounters> {
  const all: Record<string, SalesCounters> = {};
  for (const ranking of rankings) {
    for (const [id, counters] of Object.entries(ranking ?? {})) all[id] = newest(all[id], counters);
  }
  const best = rankSales(all).slice(0, keep);
  return Object.fromEntries(best.map(({ id, counters }) => [String(id), counters]));
}

/** The new ranking after these totals were read, or undefined when it would not change. */
export function rankingUpdate(
  current: Readonly<Record<string, SalesCounters>> | undefined,
  totals: Readonly<Record<string, SalesCounters>>,
): Record<string, SalesCounters> | undefined {
  const next = mergeRankings([current, totals]);
  return sameRanking(current ?? {}, next) ? undefined : next;
}

function sameRanking(a: Readonly<Record<string, SalesCounters>>, b: Record<string, SalesCounters>): boolean {
  const keys = Object.keys(b);
  if (keys.length !== Object.keys(a).length) return false;
  return keys.every((k) => {
    const x = a[k];
    const y = b[k]!;
    return x !== undefined && x.unitsSold === y.unitsSold && x.orders === y.orders && x.revenue === y.revenue;
  });
}

export interface TopMovieRow extends SalesCounters {
  /** 1-based position in the ranking. */
  rank: number;
  movieId: number;
  title: string;
  categoryId: number;
  categoryName: string;
}

/** The `n` best-selling movies. A product the lookup does not know is shown as `Movie <id>`, Unknown. */
export function topN(
  doc: Pick<TopMoviesDoc, 'movies'> | undefined,
  n: number,
  lookup: (movieId: number) => MovieInfo | undefined,
): TopMovieRow[] {
  return rankSales(doc?.movies)
    .slice(0, Math.max(0, n))
    .map(({ id, counters }, index) => {
      const info = lookup(id) ?? {
        title: unknownMovieTitle(id),
        categoryId: UNKNOWN_CATEGORY.categoryId,
        categoryName: UNKNOWN_CATEGORY.name,
      };
      return { rank: index + 1, movieId: id, ...info, ...countersOf(counters) };
    });
}
