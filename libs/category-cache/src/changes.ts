// What a change in the catalog means for the cache. The change feed carries movies as well as categories, and
// in all-versions mode a delete carries no document, so deciding is a small pure step of its own.
import type { CategoryDocument } from './category.ts';
import { isLive } from './rules.ts';

export type FeedMode = 'latestVersion' | 'allVersionsAndDeletes';

/** A latest-version change: the document as it is now, `_lsn` included. */
export type LatestChange = Partial<CategoryDocument> & { id: string; _lsn?: number };

/** An all-versions change: one per write; a delete has no `current`. */
export interface VersionedChange {
  current?: Partial<CategoryDocument> & { id: string; _lsn?: number };
  previous?: Partial<CategoryDocument> & { id: string };
  metadata: {
    operationType: 'create' | 'replace' | 'delete';
    lsn: number;
    id?: string;
    partitionKey?: unknown;
    timeToLiveExpired?: boolean;
  };
}

export type ChangeEffect =
  | { kind: 'upsert'; id: string; lsn: number | undefined }
  | { kind: 'remove'; id: string; lsn: number | undefined }
  | { kind: 'ignore' };

const CATEGORY_ID = /^category-/;

/** Latest-version mode: a soft delete (`deleted: true`) is a remove; other categories are upserts. */
export function effectOfLatest(change: LatestChange): ChangeEffect {
  if (change.type !== 'category') return { kind: 'ignore' };
  const lsn = finite(change._lsn);
  return isLive(change as CategoryDocument)
    ? { kind: 'upsert', id: change.id, lsn }
    : { kind: 'remove', id: change.id, lsn };
}

/** All-versions mode: deletes (by hand, by ttl) are seen; a delete is told apart by its partition key or id. */
export function effectOfVersioned(change: VersionedChange): ChangeEffect {
  const lsn = finite(change.metadata.lsn);
  if (change.metadata.operationType !== 'delete' && change.current !== undefined) {
    const effect = effectOfLatest(change.current);
    return effect.kind === 'ignore' ? effect : { ...effect, lsn: lsn ?? effect.lsn };
  }
  const id = change.metadata.id ?? change.previous?.id ?? change.current?.id;
  if (id === undefined) return { kind: 'ignore' };
  const type = change.previous?.type ?? partitionKeyValue(change.metadata.partitionKey);
  const isCategory = type === undefined ? CATEGORY_ID.test(id) : type === 'category';
  return isCategory ? { kind: 'remove', id, lsn } : { kind: 'ignore' };
}

export function effectOf(change: unknown, mode: FeedMode): ChangeEffect {
  if (typeof change !== 'object' || change === null) return { kind: 'ignore' };
  return mode === 'allVersionsAndDeletes'
    ? effectOfVersioned(change as VersionedChange)
    : effectOfLatest(change as LatestChange);
}

export interface BatchPlan {
  /** True when at least one change touches a category: the cache must be refreshed. */
  refresh: boolean;
  /** Highest LSN among the category changes (the version the refreshed list reflects at least). */
  lsn: number;
  upserted: string[];
  removed: string[];
}

/**
 * One refresh per batch, whatever its size. The version comes from the changes themselves, not from the
 * documents read afterwards: after a delete the remaining documents can all be older than the delete.
 * `fallbackLsn` (the batch's LSN span from the processor) covers a backend that omits per-item LSNs.
 */
export function planBatch(changes: readonly unknown[], mode: FeedMode, fallbackLsn = 0): BatchPlan {
  const plan: BatchPlan = { refresh: false, lsn: 0, upserted: [], removed: [] };
  for (const change of changes) {
    const effect = effectOf(change, mode);
    if (effect.kind === 'ignore') continue;
    plan.refresh = true;
    plan.lsn = Math.max(plan.lsn, effect.lsn ?? fallbackLsn);
    (effect.kind === 'upsert' ? plan.upserted : plan.removed).push(effect.id);
  }
  return plan;
}

function finite(value: unknown): number | undefined {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

/** `{ "/type": "category" }` (the emulator), `["category"]` or `"category"` → "category". */
function partitionKeyValue(pk: unknown): string | undefined {
  if (typeof pk === 'string') return pk;
  if (Array.isArray(pk)) return typeof pk[0] === 'string' ? pk[0] : undefined;
  if (typeof pk === 'object' && pk !== null) {
    const values = Object.values(pk);
    return typeof values[0] === 'string' ? values[0] : undefined;
  }
  return undefined;
}
