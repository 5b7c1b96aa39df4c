export type { Category } from './categories.ts';
export { CATEGORIES, categoryName, UNKNOWN_CATEGORY } from './categories.ts';
export type { Catalog, CategoryDoc, MovieDoc } from './catalog.ts';
export {
  categoryDocId,
  FIRST_MOVIE_ID,
  generateCatalog,
  LAST_MOVIE_ID,
  MOVIE_COUNT,
  movieDocId,
} from './catalog.ts';
export type { CatalogLookup, MovieInfo } from './lookup.ts';
export { catalogLookup } from './lookup.ts';
