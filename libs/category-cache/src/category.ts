// The cached shapes. A category as callers see it, and the cache entry: the whole list with its version.

export interface Category {
  categoryId: number;
  name: string;
  description: string;
}

/**
 * A category document as the `catalog` container holds it (partition key `/type`). `deleted` and `ttl` are
 * the soft-delete pattern (the document stays, hidden, until its ttl removes it); `_lsn` is the store's
 * logical sequence number of the write that produced this version of the document.
 */
export interface CategoryDocument {
  id: string;
  type: string;
  categoryId: number;
  name: string;
  description: string;
  deleted?: boolean;
  ttl?: number;
  _lsn?: number;
}

/**
 * What Redis holds for the list. `version` is the highest catalog LSN the list reflects; `writeId` names the
 * write itself (random), so a repair can say "replace exactly what I compared against" even when two
 * different lists carry the same version (see rules.ts, `decideWrite`).
 */
export interface CachedCategoryList {
  items: Category[];
  version: number;
  writeId: string;
  /** ISO instant of the write. */
  writtenAt: string;
}
