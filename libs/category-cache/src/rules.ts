// Pure cache rules: which documents make the list, in what order, and whether a write may replace what the
// cache holds. The Lua script (lua.ts) applies `decideWrite` atomically inside Redis; both are tested alike.
import type { Category, CategoryDocument } from './category.ts';

/** A soft-deleted document is still in the store until its ttl expires, but it is no longer a category. */
export function isLive(doc: CategoryDocument): boolean {
  return doc.type === 'category' && doc.deleted !== true;
}

export function toCategory(doc: Pick<CategoryDocument, 'categoryId' | 'name' | 'description'>): Category {
  return { categoryId: doc.categoryId, name: doc.name, description: doc.description };
}

/** Sorted by name (case-insensitive, then exact), ties by id, so every writer builds the same list. */
export function compareCategories(a: Category, b: Category): number {
  const byName = a.name.toLowerCase().localeCompare(b.name.toLowerCase(), 'en');
  if (byName !== 0) return byName;
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  return a.categoryId - b.categoryId;
}

/** The cached list from the store's category documents: live ones only, sorted by name. */
export function buildList(docs: readonly CategoryDocument[]): Category[] {
  return docs.filter(isLive).map(toCategory).sort(compareCategories);
}

/** Highest `_lsn` among documents (0 when none carries one). */
export function maxLsn(docs: readonly { _lsn?: number | string | undefined }[]): number {
  let max = 0;
  for (const doc of docs) {
    const lsn = Number(doc._lsn);
    if (Number.isFinite(lsn) && lsn > max) max = lsn;
  }
  return max;
}

export function sameItems(a: readonly Category[], b: readonly Category[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((x, i) => {
    const y = b[i];
    return (
      y !== undefined && x.categoryId === y.categoryId && x.name === y.name && x.description === y.description
    );
  });
}

/** What the cache holds, as far as a write decision needs it; undefined when the list key is absent. */
export interface CacheHead {
  version: number;
  writeId: string;
}

/**
 * Two kinds of write:
 * - `newer`: from a change (version = the change's LSN) or a fill after a miss (version = max `_lsn` of the
 *   documents read). Accepted only when strictly newer than what is cached, so a slow writer holding an older
 *   list can never put it over a newer one, and the same version twice is a no-op.
 * - `repair`: from the reconcile sweep, which compared the cache (head `expected`) with a fresh read of the
 *   store and found them different. After a delete the remaining documents' max `_lsn` can be lower than the
 *   cached version, and a hard delete missed by the latest-version feed carries no LSN at all, so the sweep
 *   cannot prove "newer" by version. It proves it by order instead: it read the store after it read the cache,
 *   so its list includes every change the cached list reflects. It replaces the cache only if the cache is
 *   still exactly the one it compared against (same writeId, or still absent), and the version never goes
 *   down (it keeps the higher of both).
 */
export type CacheWrite =
  { kind: 'newer'; version: number } | { kind: 'repair'; version: number; expected: CacheHead | undefined };

export type WriteDecision = { write: true; version: number } | { write: false };

export function decideWrite(current: CacheHead | undefined, write: CacheWrite): WriteDecision {
  if (write.kind === 'newer') {
    if (current !== undefined && write.version <= current.version) return { write: false };
    return { write: true, version: write.version };
  }
  if (write.expected === undefined) {
    return current === undefined ? { write: true, version: write.version } : { write: false };
  }
  if (current === undefined || current.writeId !== write.expected.writeId) return { write: false };
  return { write: true, version: Math.max(write.version, current.version) };
}
