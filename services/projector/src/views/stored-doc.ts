// A view doc as stored in `views`: the domain doc (counters) plus what readers and the projector need around
// it. The stored id carries the generation; `viewId` keeps the domain id so the pure fold can be reused as is.
import type { ViewDoc } from '@marquee/domain';
import { storedDocId } from './generations.ts';

export interface AsOf {
  /** Newest OrderDate (occurredAt, ISO) folded into the doc. */
  lastEventAt: string;
  /** When the projector wrote this version (its own clock, ISO). */
  writtenAt: string;
}

interface StoredFields<Id extends string> {
  /** `g<generation>.<viewId>`. */
  id: string;
  viewId: Id;
  generation: number;
  /** Lease token (feed-range identity) → highest change feed LSN folded into this doc. */
  appliedLsn: Record<string, number>;
  asOf: AsOf;
  /** Cosmos ETag of the stored version (present on reads). */
  _etag?: string;
}

type Stored<D extends ViewDoc> = Omit<D, 'id' | 'appliedLsn'> & StoredFields<D['id']>;

export type StoredViewDoc = {
  [K in ViewDoc['kind']]: Stored<Extract<ViewDoc, { kind: K }>>;
}[ViewDoc['kind']];

// Fields Cosmos adds; they must not travel back into a write (nor into the domain doc).
const SYSTEM_FIELDS = ['_rid', '_self', '_etag', '_ts', '_attachments', '_lsn'] as const;

/** The domain doc inside a stored doc: domain id back in `id`, envelope and Cosmos fields dropped. */
export function toDomainDoc(stored: StoredViewDoc): ViewDoc {
  const copy: Record<string, unknown> = { ...stored, id: stored.viewId };
  for (const field of [...SYSTEM_FIELDS, 'viewId', 'generation', 'asOf']) delete copy[field];
  return copy as unknown as ViewDoc;
}

/** The stored form of a domain doc for a generation. */
export function toStoredDoc(
  doc: ViewDoc,
  generation: number,
  appliedLsn: Record<string, number>,
  asOf: AsOf,
): StoredViewDoc {
  const copy: Record<string, unknown> = { ...doc };
  for (const field of SYSTEM_FIELDS) delete copy[field];
  return {
    ...copy,
    id: storedDocId(generation, doc.id),
    viewId: doc.id,
    generation,
    appliedLsn,
    asOf,
  } as unknown as StoredViewDoc;
}
