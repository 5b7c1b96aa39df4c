// The `catalog` container's contract (partition key `/type`): the category and movie documents every writer
// (seed, the admin API, the edit CLI) stores and every reader (cache-sync, the api, the projector) reads.
// Anyone can write into the container (Data Explorer, a script), so readers never trust a document: each one
// goes through `checkCategoryDoc` / `checkMovieDoc`, and a malformed one is set aside with its reason
// instead of breaking the list it would have been part of.
import type { Category } from './categories.ts';

export interface CategoryDoc extends Category {
  id: `category-${number}`;
  type: 'category';
  /** Soft delete: the document stays, hidden, until its own `ttl` (seconds) removes it. */
  deleted?: boolean;
  ttl?: number;
  /** The store's logical sequence number of the write that produced this version (present on reads). */
  _lsn?: number;
}

export interface MovieDoc {
  id: `movie-${number}`;
  type: 'movie';
  movieId: number;
  title: string;
  categoryId: number;
  /** Dollars, 4.99–14.99 in the generated catalog. */
  unitPrice: number;
}

export const categoryDocId = (categoryId: number): `category-${number}` => `category-${categoryId}`;
export const movieDocId = (movieId: number): `movie-${number}` => `movie-${movieId}`;

/** What a reader shows for a movie the catalog does not have (or holds malformed). */
export const unknownMovieTitle = (movieId: number): string => `Movie ${movieId}`;

/** The category document for a category (a live one: no soft-delete fields). */
export const toCategoryDoc = (c: Category): CategoryDoc => ({
  id: categoryDocId(c.categoryId),
  type: 'category',
  categoryId: c.categoryId,
  name: c.name,
  description: c.description,
});

/** A soft-deleted document is still in the store until its ttl expires, but it is no longer a category. */
export const isLiveCategory = (doc: Pick<CategoryDoc, 'deleted'>): boolean => doc.deleted !== true;

export type DocCheck<T> = { ok: true; doc: T } | { ok: false; reason: string };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const isId = (v: unknown, min: number): v is number => Number.isSafeInteger(v) && (v as number) >= min;
const isText = (v: unknown): v is string => typeof v === 'string' && v.trim().length > 0;
const bad = (reason: string): { ok: false; reason: string } => ({ ok: false, reason });

/**
 * A category document as read from the store, checked field by field. A missing description reads as empty
 * (descriptions may be empty); `deleted`, `ttl` and `_lsn` are kept when they have their types.
 */
export function checkCategoryDoc(raw: unknown): DocCheck<CategoryDoc> {
  if (!isRecord(raw)) return bad('a category document must be an object');
  if (raw.type !== 'category') return bad('type must be "category"');
  if (!isId(raw.categoryId, 1)) return bad('categoryId must be an integer >= 1');
  if (!isText(raw.name)) return bad('name must be a non-blank string');
  if (raw.description !== undefined && typeof raw.description !== 'string')
    return bad('description must be a string');
  const doc: CategoryDoc = {
    id: categoryDocId(raw.categoryId),
    type: 'category',
    categoryId: raw.categoryId,
    name: raw.name,
    description: raw.description ?? '',
  };
  if (raw.deleted === true) doc.deleted = true;
  if (typeof raw.ttl === 'number') doc.ttl = raw.ttl;
  if (typeof raw._lsn === 'number') doc._lsn = raw._lsn;
  return { ok: true, doc };
}

/** A movie document as read from the store, checked field by field. */
export function checkMovieDoc(raw: unknown): DocCheck<MovieDoc> {
  if (!isRecord(raw)) return bad('a movie document must be an object');
  if (raw.type !== 'movie') return bad('type must be "movie"');
  if (!isId(raw.movieId, 1)) return bad('movieId must be an integer >= 1');
  if (!isText(raw.title)) return bad('title must be a non-blank string');
  if (!isId(raw.categoryId, 0)) return bad('categoryId must be an integer >= 0');
  if (typeof raw.unitPrice !== 'number' || !Number.isFinite(raw.unitPrice) || raw.unitPrice < 0)
    return bad('unitPrice must be a finite number >= 0');
  return {
    ok: true,
    doc: {
      id: movieDocId(raw.movieId),
      type: 'movie',
      movieId: raw.movieId,
      title: raw.title,
      categoryId: raw.categoryId,
      unitPrice: raw.unitPrice,
    },
  };
}
