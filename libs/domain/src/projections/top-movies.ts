// Top movies of all time: units, distinct orders and revenue per movie, and the ranking read out of them.
import { UNKNOWN_CATEGORY, unknownMovieTitle, type MovieInfo } from '../catalog/index.ts';
import { noCategories, orderContribution } from './contribution.ts';
import type { SalesCounters } from './counters.ts';
import { addSales, mergeCounters, salesExact } from './counters.ts';
import type { ViewDefinition } from './definition.ts';
import { countersOf, rankSales } from './ranking.ts';
import type { ViewBookkeeping } from './view-docs.ts';

export const TOP_MOVIES_DOC_ID = 'top-movies';

/** All-time sales per movie, keyed by movieId. */
export interface TopMoviesDoc extends ViewBookkeeping {
  id: typeof TOP_MOVIES_DOC_ID;
  kind: 'top-movies';
  movies: Record<string, SalesCounters>;
}

export const topMovies: ViewDefinition<TopMoviesDoc> = {
  kind: 'top-movies',
  keysOf: () => [TOP_MOVIES_DOC_ID],
  owns: (id): id is TopMoviesDoc['id'] => id === TOP_MOVIES_DOC_ID,
  initial: (id) => ({ id, kind: 'top-movies', movies: {} }),
  evolve: (doc, event) => ({
    ...doc,
    movies: mergeCounters(doc.movies, orderContribution(event, noCategories).movies, addSales),
  }),
  merge: (a, b) => ({ ...a, movies: mergeCounters(a.movies, b.movies, addSales) }),
  isExact: (doc) => salesExact(doc.movies),
};

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
