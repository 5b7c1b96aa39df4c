// Change feed reads over a ContainerStore: latest-version (one entry per live item, LSN order) and
// all-versions-and-deletes (every change within retention). The returned LSN becomes the response etag.
import { badRequest } from '../http/errors.ts';
import { epkInRange } from '../hashing/epk.ts';
import type { ContainerStore } from '../store/container.ts';
import { partitionKeyObject } from '../store/partition-key.ts';
import { firstAfter } from '../store/range-log.ts';
import { utf8Of } from './encoded-docs.ts';
import type { Doc, HistoryEntry, ItemRecord } from '../store/types.ts';

export type FeedStart =
  { kind: 'beginning' } | { kind: 'now' } | { kind: 'lsn'; lsn: number } | { kind: 'time'; ms: number };

export interface FeedScope {
  /** Physical range index; undefined = whole container. */
  range?: number;
  minEpk?: string;
  maxEpk?: string;
  pkJson?: string;
}

export interface FeedPage {
  /** Changes as UTF-8 JSON. */
  items: Buffer[];
  /** LSN to hand back as etag: resume strictly after it. */
  lsn: number;
}

function inScope(scope: FeedScope, epk: string, pkJson: string): boolean {
  if (scope.pkJson !== undefined && pkJson !== scope.pkJson) return false;
  if (scope.minEpk !== undefined && !epkInRange(epk, scope.minEpk, scope.maxEpk ?? 'FF')) return false;
  return true;
}

function rangesOf(store: ContainerStore, scope: FeedScope): number[] {
  if (scope.range !== undefined) return [scope.range];
  return store.ranges.map((_, i) => i);
}

/** Latest-version mode. */
export function readLatest(
  store: ContainerStore,
  scope: FeedScope,
  start: FeedStart,
  max: number,
  nowMs: number,
): FeedPage {
  if (start.kind === 'now') return { items: [], lsn: store.lsn };
  const afterLsn = start.kind === 'lsn' ? start.lsn : 0;
  const minTs = start.kind === 'time' ? Math.floor(start.ms / 1000) : undefined;
  const picked: ItemRecord[] = [];
  for (const range of rangesOf(store, scope)) {
    const entries = store.latest[range]?.entries ?? [];
    let taken = 0;
    for (let i = firstAfter(entries, afterLsn); i < entries.length && taken < max; i++) {
      const r = entries[i] as ItemRecord;
      if (r.stale || (r.expiresAt !== undefined && r.expiresAt <= nowMs)) continue;
      if (minTs !== undefined && r.ts < minTs) continue;
      if (!inScope(scope, r.epk, r.pkJson)) continue;
      picked.push(r);
      taken++;
    }
  }
  if (picked.length === 0) return { items: [], lsn: Math.max(afterLsn, store.lsn) };
  // Several ranges only when the caller gave none: merge by LSN so the etag stays a clean cut.
  if (scope.range === undefined) picked.sort((a, b) => a.lsn - b.lsn);
  const page = picked.slice(0, max);
  return { items: page.map(utf8Of), lsn: (page[page.length - 1] as ItemRecord).lsn };
}

function toWire(store: ContainerStore, e: HistoryEntry): string {
  const metadata: Doc = { operationType: e.operationType, lsn: e.lsn, crts: e.crts };
  if (e.previousImageLSN > 0) metadata.previousImageLSN = e.previousImageLSN;
  if (e.operationType === 'delete') {
    metadata.id = e.id;
    metadata.partitionKey = partitionKeyObject(e.pkValues, store.pkDef);
    metadata.timeToLiveExpired = e.timeToLiveExpired;
    return JSON.stringify({ metadata });
  }
  return `{"current":${e.current ?? 'null'},"metadata":${JSON.stringify(metadata)}}`;
}

/** All-versions-and-deletes mode: only from now or a continuation, like the service. */
export function readAllVersions(
  store: ContainerStore,
  scope: FeedScope,
  start: FeedStart,
  max: number,
): FeedPage {
  if (start.kind === 'now') return { items: [], lsn: store.lsn };
  if (start.kind !== 'lsn') {
    throw badRequest(
      'Change feed in AllVersionsAndDeletes (Full-Fidelity) mode supports only starting from now or from a continuation token.',
    );
  }
  const picked: HistoryEntry[] = [];
  for (const range of rangesOf(store, scope)) {
    const log = store.history[range];
    if (!log) continue;
    if (start.lsn < log.trimmedThroughLsn) {
      throw badRequest(
        'The requested change feed continuation is outside the retention window of the all versions and deletes feed.',
      );
    }
    let taken = 0;
    for (const e of log.after(start.lsn)) {
      if (taken >= max) break;
      if (!inScope(scope, e.epk, e.pkJson)) continue;
      picked.push(e);
      taken++;
    }
  }
  if (picked.length === 0) return { items: [], lsn: Math.max(start.lsn, store.lsn) };
  if (scope.range === undefined) picked.sort((a, b) => a.lsn - b.lsn);
  const page = picked.slice(0, max);
  return {
    items: page.map((e) => Buffer.from(toWire(store, e))),
    lsn: (page[page.length - 1] as HistoryEntry).lsn,
  };
}
