// Shapes shared by the in-memory store, the journal and the HTTP handlers.
import type { PartitionKeyValue } from '../hashing/epk.ts';

export type Doc = Record<string, unknown>;

export interface PartitionKeyDefinition {
  paths: string[];
  kind: string;
  version: number;
}

/**
 * The stored form of one live item version. Records are immutable apart from `stale`, set when superseded. The
 * document is kept as its JSON text (a third of the memory of the parsed object graph, and what replies and the
 * journal send anyway); the few fields the store itself needs are kept beside it.
 */
export interface ItemRecord {
  id: string;
  pkJson: string;
  epk: string;
  range: number;
  lsn: number;
  json: string;
  etag: string;
  rid: string;
  /** `_ts`, epoch seconds. */
  ts: number;
  /** Epoch ms after which the item is expired; undefined = never. */
  expiresAt: number | undefined;
  stale: boolean;
  /** `json` as UTF-8 while the change feed keeps it (feed/encoded-docs.ts); undefined otherwise. */
  utf8: Buffer | undefined;
}

export type ChangeOperation = 'create' | 'replace' | 'delete';

/** One entry of the all-versions-and-deletes history of a range. */
export interface HistoryEntry {
  lsn: number;
  operationType: ChangeOperation;
  crts: number;
  previousImageLSN: number;
  /** JSON text of the new version (shared with its ItemRecord); undefined for deletes. */
  current: string | undefined;
  id: string;
  pkValues: PartitionKeyValue[];
  pkJson: string;
  epk: string;
  timeToLiveExpired: boolean;
  atMs: number;
}

/** A single item operation, as used by point requests, bulk and batch. */
export type ItemOperation =
  | { kind: 'create'; body: Doc }
  | { kind: 'upsert'; body: Doc; ifMatch?: string }
  | { kind: 'replace'; id: string; body: Doc; ifMatch?: string }
  | { kind: 'delete'; id: string; ifMatch?: string }
  | { kind: 'read'; id: string; ifNoneMatch?: string }
  | { kind: 'patch'; id: string; patch: unknown; ifMatch?: string };

export interface OperationResult {
  status: number;
  /** JSON text of the document the reply carries, if any. */
  json?: string;
  etag?: string;
  message?: string;
}

export function docOf(record: Pick<ItemRecord, 'json'>): Doc {
  return JSON.parse(record.json) as Doc;
}
