// Change shapes handed to handlers, and the pure helpers that read LSNs and lag from a page of changes.

/** System properties Cosmos adds to every item. `_lsn` is present on change feed items only. */
export interface ItemMetadata {
  id: string;
  _rid?: string;
  _self?: string;
  _etag?: string;
  _ts?: number;
  _lsn?: number;
}

/** Latest-version mode: each change is the item as it is now (intermediate versions may be skipped). */
export type LatestVersionChange<T> = T & ItemMetadata;

export type OperationType = 'create' | 'replace' | 'delete';

/** All-versions-and-deletes mode: one entry per write, deletes included (`current` is absent then). */
export interface AllVersionsChange<T> {
  current?: T & ItemMetadata;
  previous?: T & ItemMetadata;
  metadata: {
    operationType: OperationType;
    lsn: number;
    crts?: number;
    previousImageLSN?: number;
    timeToLiveExpired?: boolean;
    id?: string;
    partitionKey?: unknown;
  };
}

export type ChangeFeedModeName = 'latestVersion' | 'allVersionsAndDeletes';

export type ChangeOf<T, M extends ChangeFeedModeName> = M extends 'allVersionsAndDeletes'
  ? AllVersionsChange<T>
  : LatestVersionChange<T>;

/** Span of logical sequence numbers a batch covers; the same batch re-delivered carries the same span. */
export interface LsnSpan {
  readonly minLsn: number;
  readonly maxLsn: number;
}

export function lsnOf(change: unknown, mode: ChangeFeedModeName): number | undefined {
  if (typeof change !== 'object' || change === null) return undefined;
  const value =
    mode === 'allVersionsAndDeletes'
      ? (change as { metadata?: { lsn?: unknown } }).metadata?.lsn
      : (change as { _lsn?: unknown })._lsn;
  const lsn = typeof value === 'string' ? Number(value) : value;
  return typeof lsn === 'number' && Number.isFinite(lsn) ? lsn : undefined;
}

/**
 * LSN span of a batch from its items. If no item carries an LSN (a backend that omits `_lsn`), the feed's
 * own position is used: the page's ETag is the LSN of its last change, and the previous one bounds it below.
 */
export function lsnSpanOf(
  changes: readonly unknown[],
  mode: ChangeFeedModeName,
  fallback: { previousEtagLsn: number | undefined; pageEtagLsn: number | undefined },
): LsnSpan {
  let minLsn = Number.POSITIVE_INFINITY;
  let maxLsn = Number.NEGATIVE_INFINITY;
  for (const change of changes) {
    const lsn = lsnOf(change, mode);
    if (lsn === undefined) continue;
    if (lsn < minLsn) minLsn = lsn;
    if (lsn > maxLsn) maxLsn = lsn;
  }
  if (Number.isFinite(minLsn)) return { minLsn, maxLsn };
  const max = fallback.pageEtagLsn ?? 0;
  const min = fallback.previousEtagLsn === undefined ? max : Math.min(fallback.previousEtagLsn + 1, max);
  return { minLsn: min, maxLsn: max };
}

/** `"123"` (a quoted feed ETag, as the SDK stores per-range continuations) → 123. */
export function etagLsn(etag: string | null | undefined): number | undefined {
  if (etag === null || etag === undefined) return undefined;
  const n = Number(etag.replaceAll('"', ''));
  return Number.isFinite(n) && etag.replaceAll('"', '') !== '' ? n : undefined;
}

/**
 * Latest LSN the server reports for the range, from a session token such as `0:-1#1234` or
 * `0:1#1234#1=20`: the number after the first `#`. Used to estimate how many LSNs are still unread.
 */
export function sessionTokenLsn(sessionToken: string | undefined): number | undefined {
  if (sessionToken === undefined || sessionToken === '') return undefined;
  let best: number | undefined;
  for (const part of sessionToken.split(',')) {
    const afterColon = part.slice(part.indexOf(':') + 1);
    const lsn = Number(afterColon.split('#')[1]);
    if (Number.isFinite(lsn) && (best === undefined || lsn > best)) best = lsn;
  }
  return best;
}

/** Newest `_ts` (epoch seconds) in a batch, in ms; used for the time-based lag estimate. */
export function newestTimestampMs(changes: readonly unknown[], mode: ChangeFeedModeName): number | undefined {
  let newest: number | undefined;
  for (const change of changes) {
    const item =
      mode === 'allVersionsAndDeletes'
        ? ((change as AllVersionsChange<unknown>).current ?? (change as AllVersionsChange<unknown>).previous)
        : (change as ItemMetadata);
    const crts =
      mode === 'allVersionsAndDeletes' ? (change as AllVersionsChange<unknown>).metadata?.crts : undefined;
    const ts = crts ?? item?._ts;
    if (typeof ts === 'number' && (newest === undefined || ts > newest)) newest = ts;
  }
  return newest === undefined ? undefined : newest * 1000;
}
