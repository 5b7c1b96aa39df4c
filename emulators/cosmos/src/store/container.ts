// One container: items by logical partition, physical ranges over the EPK space, LSNs, TTL and change logs.
// All mutation goes through `commit`, which keeps the indexes, history and journal hook in step.
import { effectivePartitionKey, epkInRange, rangeIndexOf, splitEpkSpace } from '../hashing/epk.ts';
import type { EpkRange, PartitionKeyValue } from '../hashing/epk.ts';
import { extractPartitionKey, partitionKeyJson } from './partition-key.ts';
import { EqualityIndex, isScalar } from './equality-index.ts';
import { recordSource } from './record-source.ts';
import { PartitionItems } from './partition-items.ts';
import { ExpiryHeap } from './expiry-heap.ts';
import { HistoryLog, LatestLog } from './range-log.ts';
import type { DocSource, Equality } from '../query/source.ts';
import {
  docOf,
  type ChangeOperation,
  type Doc,
  type ItemRecord,
  type PartitionKeyDefinition,
} from './types.ts';

export interface Partition {
  values: PartitionKeyValue[];
  pkJson: string;
  epk: string;
  range: number;
  items: PartitionItems;
}

export interface CommittedChange {
  lsn: number;
  pkJson: string;
  id: string;
  /** JSON text of the new version; undefined for deletes. */
  json: string | undefined;
  ttlExpired: boolean;
}

export interface ContainerStoreOptions {
  resource: Doc;
  partitionCount: number;
  historyRetentionMs: number;
  historyMaxEntries: number;
  /** Keep an equality index of low-cardinality top-level properties (default true). */
  equalityIndex?: boolean;
}

export class ContainerStore {
  resource: Doc;
  readonly rid: string;
  readonly pkDef: PartitionKeyDefinition;
  readonly ranges: EpkRange[];
  readonly latest: LatestLog[];
  readonly history: HistoryLog[];
  readonly partitions = new Map<string, Partition>();
  private readonly expiring = new ExpiryHeap();
  /** Narrows scans for `c.type = …`-like filters; undefined when disabled. */
  readonly index: EqualityIndex | undefined;
  /** Superseded records still in `expiring`; the heap is compacted when they dominate. */
  private staleExpiring = 0;
  lsn = 0;
  docSeq = 0;
  itemCount = 0;
  onCommit: ((change: CommittedChange) => void) | undefined;
  private readonly ridBytes: Buffer;
  private ridScratch: Buffer | undefined;
  /** Etags are `"<container rid hex>-0000-0000-0000-<lsn hex>"`: unique per container, stable across restarts. */
  private readonly etagPrefix: string;

  constructor(options: ContainerStoreOptions) {
    this.resource = options.resource;
    this.rid = String(options.resource._rid);
    this.ridBytes = Buffer.from(this.rid.replace(/-/g, '/'), 'base64');
    this.etagPrefix = `${this.ridBytes.toString('hex').padStart(8, '0').slice(-8)}-0000-0000-0000-`;
    this.pkDef = options.resource.partitionKey as PartitionKeyDefinition;
    this.ranges = splitEpkSpace(options.partitionCount);
    this.latest = this.ranges.map(() => new LatestLog());
    this.index = options.equalityIndex === false ? undefined : new EqualityIndex();
    this.history = this.ranges.map(
      () => new HistoryLog(options.historyRetentionMs, options.historyMaxEntries),
    );
  }

  get defaultTtl(): number | undefined {
    const ttl = this.resource.defaultTtl;
    return typeof ttl === 'number' ? ttl : undefined;
  }

  partitionFor(given: PartitionKeyValue[], create: boolean): Partition | undefined {
    // `[]` (and short lists) mean "no value" for the missing components, as documents without the path hash.
    const values =
      given.length >= this.pkDef.paths.length
        ? given
        : [...given, ...this.pkDef.paths.slice(given.length).map(() => undefined)];
    const pkJson = partitionKeyJson(values);
    let partition = this.partitions.get(pkJson);
    if (!partition && create) {
      const epk = effectivePartitionKey(values);
      // Registered in `partitions` by its first committed write, so reads of unknown keys leave no trace.
      partition = { values, pkJson, epk, range: rangeIndexOf(this.ranges, epk), items: new PartitionItems() };
    }
    return partition;
  }

  partitionOfDoc(doc: Doc): Partition {
    return this.partitionFor(extractPartitionKey(doc, this.pkDef), true) as Partition;
  }

  /** Epoch ms at which a document written at `nowMs` expires, per container defaultTtl and item ttl. */
  expiryFor(doc: Doc, nowMs: number): number | undefined {
    const containerTtl = this.defaultTtl;
    if (containerTtl === undefined) return undefined;
    const ttl = typeof doc.ttl === 'number' ? doc.ttl : containerTtl;
    return ttl > 0 ? nowMs + ttl * 1000 : undefined;
  }

  /** The live (non-expired) record; an expired one is deleted on the spot, as the sweep would. */
  live(partition: Partition | undefined, id: string, nowMs: number): ItemRecord | undefined {
    const record = partition?.items.get(id);
    if (!record || !partition) return undefined;
    if (record.expiresAt !== undefined && record.expiresAt <= nowMs) {
      this.commit(partition, id, record, undefined, 'delete', nowMs, true);
      return undefined;
    }
    return record;
  }

  nextDocRid(): string {
    this.docSeq++;
    // One buffer per container, its first 8 bytes the container's rid: a rid is made on every create.
    const buf = (this.ridScratch ??= Buffer.alloc(16));
    this.ridBytes.copy(buf, 0, 0, 8);
    buf.writeUInt32BE(Math.floor(this.docSeq / 0x1000000), 8);
    buf.writeUInt32BE((this.docSeq % 0x1000000) * 0x100, 12);
    return buf.toString('base64').replaceAll('/', '-');
  }

  /**
   * Applies one change. `next` carries a document without LSN-derived fields; they are stamped here.
   * Returns the new record (undefined for deletes).
   */
  commit(
    partition: Partition,
    id: string,
    prev: ItemRecord | undefined,
    nextDoc: Doc | undefined,
    operationType: ChangeOperation,
    nowMs: number,
    ttlExpired = false,
    forcedLsn?: number,
  ): ItemRecord | undefined {
    const lsn = forcedLsn ?? this.lsn + 1;
    this.lsn = Math.max(this.lsn, lsn);
    const log = this.latest[partition.range] as LatestLog;
    if (prev) {
      log.markStale(prev);
      if (
        prev.expiresAt !== undefined &&
        ++this.staleExpiring > 1024 &&
        this.staleExpiring * 2 > this.expiring.size
      ) {
        this.expiring.compact((r) => !r.stale);
        this.staleExpiring = 0;
      }
    }
    let record: ItemRecord | undefined;
    if (nextDoc) {
      const etag = `"${this.etagPrefix}${lsn.toString(16).padStart(12, '0')}"`;
      nextDoc._etag = etag;
      nextDoc._lsn = lsn;
      record = {
        id,
        pkJson: partition.pkJson,
        epk: partition.epk,
        range: partition.range,
        lsn,
        json: JSON.stringify(nextDoc),
        etag,
        rid: String(nextDoc._rid),
        ts: typeof nextDoc._ts === 'number' ? nextDoc._ts : Math.floor(nowMs / 1000),
        expiresAt: this.expiryFor(nextDoc, nowMs),
        stale: false,
        utf8: undefined,
      };
      if (!prev) this.itemCount++;
      if (partition.items.size === 0) this.partitions.set(partition.pkJson, partition);
      partition.items.set(id, record);
      log.append(record);
      this.index?.add(record, nextDoc);
      if (record.expiresAt !== undefined) this.expiring.push(record);
    } else {
      if (prev) this.itemCount--;
      partition.items.delete(id);
      if (partition.items.size === 0) this.partitions.delete(partition.pkJson);
    }
    (this.history[partition.range] as HistoryLog).append({
      lsn,
      operationType,
      crts: Math.floor(nowMs / 1000),
      previousImageLSN: prev?.lsn ?? 0,
      current: record?.json,
      id,
      pkValues: partition.values,
      pkJson: partition.pkJson,
      epk: partition.epk,
      timeToLiveExpired: ttlExpired,
      atMs: nowMs,
    });
    this.onCommit?.({ lsn, pkJson: partition.pkJson, id, json: record?.json, ttlExpired });
    return record;
  }

  /** Deletes every expired item; returns how many. */
  sweepExpired(nowMs: number): number {
    let n = 0;
    for (const record of this.expiring.popDue(nowMs)) {
      // Superseded or deleted records surface here too; only the live version expires.
      const partition = this.partitions.get(record.pkJson);
      if (record.stale || partition?.items.get(record.id) !== record) continue;
      this.commit(partition, record.id, record, undefined, 'delete', nowMs, true);
      n++;
    }
    for (const h of this.history) h.trim(nowMs);
    return n;
  }

  /** Re-evaluates expiry of every item after a defaultTtl change. */
  recomputeExpiry(): void {
    this.expiring.clear();
    this.staleExpiring = 0;
    for (const partition of this.partitions.values()) {
      for (const record of partition.items.values()) {
        record.expiresAt = this.expiryFor(docOf(record), record.ts * 1000);
        if (record.expiresAt !== undefined) this.expiring.push(record);
      }
    }
  }

  /**
   * A point-in-time view of the live documents of a scope (records are immutable), for queries. With
   * `equalities` every result must satisfy, the smallest indexed one narrows the scan to its candidates.
   */
  snapshot(
    scope: { pkJson?: string; range?: number; minEpk?: string; maxEpk?: string },
    nowMs: number,
    equalities: readonly Equality[] = [],
  ): DocSource {
    // A logical partition is small and read from its own map (in its order, not the index's).
    const index = scope.pkJson === undefined ? this.index : undefined;
    let best: Equality | undefined;
    for (const e of equalities) {
      if (!index?.has(e.field) || !e.values.every(isScalar)) continue;
      if (!best || index.size(e.field, e.values) < index.size(best.field, best.values)) best = e;
    }
    const candidates = best && index?.lookup(best.field, best.values, scope, nowMs);
    if (best && candidates)
      return recordSource(candidates.records, { field: best.field, valueOf: candidates.valueOf });
    return recordSource(this.records(scope, nowMs));
  }

  /** Live records of a scope, in LSN order per range. */
  records(
    scope: { pkJson?: string; range?: number; minEpk?: string; maxEpk?: string },
    nowMs: number,
  ): ItemRecord[] {
    const out: ItemRecord[] = [];
    const keep = (r: ItemRecord): boolean => r.expiresAt === undefined || r.expiresAt > nowMs;
    if (scope.pkJson !== undefined) {
      const partition = this.partitions.get(scope.pkJson);
      if (partition) for (const r of partition.items.values()) if (keep(r)) out.push(r);
      return out;
    }
    this.latest.forEach((log, i) => {
      if (scope.range !== undefined && scope.range !== i) return;
      for (const r of log.entries) {
        if (r.stale || !keep(r)) continue;
        if (scope.minEpk !== undefined && !epkInRange(r.epk, scope.minEpk, scope.maxEpk ?? 'FF')) continue;
        out.push(r);
      }
    });
    return out;
  }
}
