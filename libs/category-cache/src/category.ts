// The cached shapes: the cache entry is the whole list with its version.

/**
 * A category as callers see it, and its document in the `catalog` container: both are the catalog contract's
 * (@marquee/domain), which readers check before the cache rules ever see a document.
 */
export type { Category, CategoryDoc as CategoryDocument } from '@marquee/domain';
import type { Category } from '@marquee/domain';

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
