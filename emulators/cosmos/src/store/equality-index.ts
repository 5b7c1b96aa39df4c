// Equality index over top-level scalar properties of low cardinality (`type`, `kind`, `schemaVersion`, …): per
// property and value, the records that have it. A query whose WHERE requires `c.type = 'Rated'` (or `IN (…)`)
// then scans only those records instead of the whole container. The index only narrows the scan: the full
// WHERE still runs on every candidate, so results, their order, paging and ORDER BY are exactly a scan's.
//
// Every property is indexed from the first document that has it, so an index is always complete; a property
// that turns out to have many distinct values (ids, timestamps) is dropped for good once it passes
// MAX_VALUES, which frees its memory and sends its queries back to scans. Postings are append-only like the
// range logs: superseded or deleted records stay until the list has doubled since its last compaction.
import { epkInRange } from '../hashing/epk.ts';
import type { Doc, ItemRecord } from './types.ts';

/** Distinct values a property may have before its index is dropped. */
const MAX_VALUES = 1024;
/** Properties indexed per container (the first ones seen); later ones are never indexed. */
const MAX_FIELDS = 64;
/** Unique per document, never worth indexing (and `__proto__`, which a plain object cannot hold as a key). */
const SKIPPED = new Set(['id', '_rid', '_self', '_etag', '_ts', '_lsn', '_attachments', '__proto__']);

export type Scalar = string | number | boolean | null;

export function isScalar(v: unknown): v is Scalar {
  return v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

interface Postings {
  records: ItemRecord[];
  /** Length at which stale records are next filtered out. */
  compactAt: number;
}

/** The part of a container a lookup covers (a logical partition is read from its own map instead). */
export interface RangeScope {
  range?: number;
  minEpk?: string;
  maxEpk?: string;
}

/** Candidates of a lookup, in scan order, with the indexed property's value of each. */
export interface Candidates {
  records: ItemRecord[];
  valueOf: (i: number) => Scalar;
}

export class EqualityIndex {
  /** Postings per value of each indexed property; null once dropped. */
  private readonly fields = new Map<string, Map<Scalar, Postings> | null>();

  /** Indexes a newly committed record by the top-level scalars of its document. */
  add(record: ItemRecord, doc: Doc): void {
    for (const key of Object.keys(doc)) {
      const value = doc[key];
      if (!isScalar(value) || SKIPPED.has(key)) continue;
      let byValue = this.fields.get(key);
      if (byValue === null) continue;
      if (byValue === undefined) {
        if (this.fields.size >= MAX_FIELDS) continue;
        this.fields.set(key, (byValue = new Map()));
      }
      let postings = byValue.get(value);
      if (!postings) {
        if (byValue.size >= MAX_VALUES) {
          this.fields.set(key, null);
          continue;
        }
        byValue.set(value, (postings = { records: [], compactAt: 64 }));
      }
      if (postings.records.length >= postings.compactAt) {
        postings.records = postings.records.filter((r) => !r.stale);
        postings.compactAt = Math.max(64, postings.records.length * 2);
      }
      postings.records.push(record);
    }
  }

  /** Whether `field` is indexed (its values so far are few). */
  has(field: string): boolean {
    return Boolean(this.fields.get(field));
  }

  /** Upper bound of the candidates for `field IN values` (records listed, stale ones included). */
  size(field: string, values: readonly Scalar[]): number {
    const byValue = this.fields.get(field);
    if (!byValue) return Infinity;
    let n = 0;
    for (const v of new Set(values)) n += byValue.get(v)?.records.length ?? 0;
    return n;
  }

  /**
   * Live records of `scope` whose `field` is one of `values`, in the order a scan meets them (range by range,
   * LSN order within a range); undefined when `field` has no index.
   */
  lookup(field: string, values: readonly Scalar[], scope: RangeScope, nowMs: number): Candidates | undefined {
    const byValue = this.fields.get(field);
    if (!byValue) return undefined;
    // Per value, its live postings of the scope split by range (each in LSN order, as appended).
    const lists = [...new Set(values)].map((value) => {
      const perRange: ItemRecord[][] = [];
      for (const record of byValue.get(value)?.records ?? []) {
        if (record.stale || (record.expiresAt !== undefined && record.expiresAt <= nowMs)) continue;
        if (scope.range !== undefined && record.range !== scope.range) continue;
        if (scope.minEpk !== undefined && !epkInRange(record.epk, scope.minEpk, scope.maxEpk ?? 'FF'))
          continue;
        (perRange[record.range] ??= []).push(record);
      }
      return { value, perRange };
    });
    const [first] = lists;
    if (lists.length === 1 && first) {
      const records: ItemRecord[] = [];
      for (const bucket of first.perRange) for (const record of bucket ?? []) records.push(record);
      return { records, valueOf: () => first.value };
    }
    // Several values: merge their lists by LSN within each range (a scan's order), remembering each one's value.
    let merged: { records: ItemRecord[]; values: Scalar[] }[] = [];
    for (const { value, perRange } of lists) {
      perRange.forEach((bucket, range) => {
        const into = merged[range];
        const own = { records: bucket, values: bucket.map(() => value) };
        merged[range] = into ? mergeByLsn(into, own) : own;
      });
    }
    merged = merged.filter(Boolean);
    const records = merged.flatMap((m) => m.records);
    const valueList = merged.flatMap((m) => m.values);
    return { records, valueOf: (i) => valueList[i] as Scalar };
  }
}

/** Two LSN-ordered candidate lists as one. */
function mergeByLsn(
  a: { records: ItemRecord[]; values: Scalar[] },
  b: { records: ItemRecord[]; values: Scalar[] },
): { records: ItemRecord[]; values: Scalar[] } {
  const out: { records: ItemRecord[]; values: Scalar[] } = { records: [], values: [] };
  let i = 0;
  let j = 0;
  while (i < a.records.length || j < b.records.length) {
    const ra = a.records[i];
    const rb = b.records[j];
    const fromA = rb === undefined || (ra !== undefined && ra.lsn < rb.lsn);
    out.records.push((fromA ? ra : rb) as ItemRecord);
    out.values.push((fromA ? a.values[i++] : b.values[j++]) as Scalar);
  }
  return out;
}
