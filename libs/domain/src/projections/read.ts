// Read helpers for the api: rankings out of the all-time docs, with names joined from the catalog.
import {
  categoryName as builtInCategoryName,
  UNKNOWN_CATEGORY,
  unknownMovieTitle,
} from '../catalog/index.ts';
import type { MovieInfo } from '../catalog/index.ts';
import type { SalesCounters } from './counters.ts';
import type { CategoriesDoc, TopMoviesDoc } from './view-docs.ts';

export interface TopMovieRow extends SalesCounters {
  /** 1-based position in the ranking. */
  rank: number;
  movieId: number;
  title: string;
  categoryId: number;
  categoryName: string;
}

export interface CategoryRow extends SalesCounters {
  rank: number;
  categoryId: number;
  name: string;
}

type Ranked = { id: number; counters: SalesCounters };

// unitsSold desc, then id asc: ties always come out in the same order, so pages and caches are stable.
function rank(record: Readonly<Record<string, SalesCounters>> | undefined): Ranked[] {
  return Object.entries(record ?? {})
    .map(([key, counters]) => ({ id: Number(key), counters }))
    .sort((a, b) => b.counters.unitsSold - a.counters.unitsSold || a.id - b.id);
}

const countersOf = (c: SalesCounters): SalesCounters => ({
  unitsSold: c.unitsSold,
  orders: c.orders,
  revenue: c.revenue,
});

/** The `n` best-selling movies. A product the lookup does not know is shown as `Movie <id>`, Unknown. */
export function topN(
  doc: Pick<TopMoviesDoc, 'movies'> | undefined,
  n: number,
  lookup: (movieId: number) => MovieInfo | undefined,
): TopMovieRow[] {
  return rank(doc?.movies)
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

/** Every category with sales, best first. `names` defaults to the built-in Contoso categories. */
export function categoryRanking(
  doc: Pick<CategoriesDoc, 'categories'> | undefined,
  names: (categoryId: number) => string | undefined = builtInCategoryName,
): CategoryRow[] {
  return rank(doc?.categories).map(({ id, counters }, index) => ({
    rank: index + 1,
    categoryId: id,
    name: names(id) ?? (id === UNKNOWN_CATEGORY.categoryId ? UNKNOWN_CATEGORY.name : `Category ${id}`),
    ...countersOf(counters),
  }));
}
