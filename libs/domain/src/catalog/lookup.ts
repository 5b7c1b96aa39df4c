// Lookups the projections and the api take as plain functions, built from catalog documents (generated, or
// read back from the `catalog` container).
import { categoryName as builtInCategoryName, UNKNOWN_CATEGORY } from './categories.ts';
import type { CategoryDoc, MovieDoc } from './documents.ts';

export interface MovieInfo {
  title: string;
  categoryId: number;
  categoryName: string;
}

/** Function-valued fields, so each can be passed on as a callback on its own. */
export interface CatalogLookup {
  /** The movie's category, undefined when the product is not in the catalog. */
  categoryOf: (movieId: number) => number | undefined;
  movieInfo: (movieId: number) => MovieInfo | undefined;
  /** `Unknown` for category 0; undefined for an id the catalog does not know. */
  categoryName: (categoryId: number) => string | undefined;
}

export function catalogLookup(catalog: {
  categories: readonly Pick<CategoryDoc, 'categoryId' | 'name'>[];
  movies: readonly Pick<MovieDoc, 'movieId' | 'title' | 'categoryId'>[];
}): CatalogLookup {
  const names = new Map<number, string>(catalog.categories.map((c) => [c.categoryId, c.name]));
  const categoryName = (categoryId: number): string | undefined =>
    categoryId === UNKNOWN_CATEGORY.categoryId
      ? UNKNOWN_CATEGORY.name
      : (names.get(categoryId) ?? builtInCategoryName(categoryId));
  const movies = new Map(catalog.movies.map((m) => [m.movieId, m]));
  return {
    categoryOf: (movieId) => movies.get(movieId)?.categoryId,
    movieInfo: (movieId) => {
      const movie = movies.get(movieId);
      if (movie === undefined) return undefined;
      const name = categoryName(movie.categoryId) ?? UNKNOWN_CATEGORY.name;
      return { title: movie.title, categoryId: movie.categoryId, categoryName: name };
    },
    categoryName,
  };
}
