export type { Category } from './categories.ts';
export { CATEGORIES, categoryName, UNKNOWN_CATEGORY } from './categories.ts';
export type { Catalog } from './catalog.ts';
export { FIRST_MOVIE_ID, generateCatalog, LAST_MOVIE_ID, MOVIE_COUNT } from './catalog.ts';
export type { CategoryDoc, DocCheck, MovieDoc } from './documents.ts';
export {
  categoryDocId,
  checkCategoryDoc,
  checkMovieDoc,
  isLiveCategory,
  movieDocId,
  toCategoryDoc,
  unknownMovieTitle,
} from './documents.ts';
export type { CatalogLookup, MovieInfo } from './lookup.ts';
export { catalogLookup } from './lookup.ts';
export { MAX_CATEGORY_NAME_LENGTH, normalizeCategoryName, type NameCheck } from './category-name.ts';
