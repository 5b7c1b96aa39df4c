// Shapes shared by the in-memory store, the journal and the HTTP handlers.
import type { PartitionKeyValue } from '../hashing/epk.ts';

export type Doc = Record<string, unknown>;

export interface PartitionKeyDefinition {
  paths: string[];
  kind: string;
  version: number;
}

/** The stored form of one live item version. Records are immutable apart from `stale`, set when superseded. */
export interface ItemRecord {
  id: string;
  pkJson: string;
  epk: string;
  range: number;
  lsn: number;
  doc: Doc;
  /** Epoch ms after which the item is expired; undefined = never. */
  expiresAt: number | undefined;
  stale: boolean;
}

export type ChangeOperation = 'create' | 'replace' | 'delete';

/** One entry of the all-versions-and-deletes history of a range. */
export interface HistoryEntry {
  lsn: number;
  operationType: ChangeOperation;
  crts: number;
  previousImageLSN: number;
  current: Doc | undefined;
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
  doc?: Doc;
  etag?: string;
  message?: string;
}
