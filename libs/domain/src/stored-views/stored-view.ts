// A view doc as stored in `views`: the domain doc (counters) plus what readers and the projector need around
// it. The stored id carries the generation; `viewId` keeps the domain id so the pure fold is reused as is.
// The projector writes this shape and the api reads it; this module is the only definition of it.
import { kindOfDomainId, type ViewDoc, type ViewKind } from '../projections/index.ts';

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

/** One view's stored doc (distributes over a union: `StoredView<ViewDoc>` is any view's stored doc). */
export type StoredView<D extends ViewDoc> = D extends ViewDoc
  ? Omit<D, 'id' | 'appliedLsn'> & StoredFields<D['id']>
  : never;

/** Any view's stored doc. */
export type StoredViewDoc = StoredView<ViewDoc>;

/** `g3.top-movies`: where generation 3 of a domain view doc is stored. */
export const storedViewId = (generation: number, domainId: string): string => `g${generation}.${domainId}`;

/** `g3.orders-hour-2026-11-22T10` → { generation: 3, domainId: 'orders-hour-2026-11-22T10' }. */
export function parseStoredViewId(id: string): { generation: number; domainId: string } | undefined {
  const match = /^g(\d+)\.(.+)$/.exec(id);
  if (!match) return undefined;
  return { generation: Number(match[1]), domainId: match[2]! };
}

/** `g2.orders-hour-2026-11-22T10` → `orders-hour`; undefined for any other id (the pointer doc, say). */
export function kindOfStoredId(id: string): ViewKind | undefined {
  const parsed = parseStoredViewId(id);
  return parsed === undefined ? undefined : kindOfDomainId(parsed.domainId);
}

// Fields Cosmos adds; they must not travel back into a write (nor into the domain doc).
const SYSTEM_FIELDS = ['_rid', '_self', '_etag', '_ts', '_attachments', '_lsn'] as const;

/** The domain doc inside a stored doc: domain id back in `id`, envelope and Cosmos fields dropped. */
export function toDomainDoc<D extends ViewDoc>(stored: StoredView<D>): D {
  const copy: Record<string, unknown> = { ...stored, id: stored.viewId };
  for (const field of [...SYSTEM_FIELDS, 'viewId', 'generation', 'asOf']) delete copy[field];
  return copy as unknown as D;
}

/** The stored form of a domain doc for a generation. */
export function toStoredDoc<D extends ViewDoc>(
  doc: D,
  generation: number,
  appliedLsn: Record<string, number>,
  asOf: AsOf,
): StoredView<D> {
  const copy: Record<string, unknown> = { ...doc };
  for (const field of SYSTEM_FIELDS) delete copy[field];
  return {
    ...copy,
    id: storedViewId(generation, doc.id),
    viewId: doc.id,
    generation,
    appliedLsn,
    asOf,
  } as unknown as StoredView<D>;
}

/** What a report says about freshness: each field null while nothing is known. */
export interface ViewAsOf {
  lastEventAt: string | null;
  writtenAt: string | null;
}

/**
 * The freshest of several docs' asOf: newest event and newest write. Readers take the stored shape loosely
 * (a doc may be missing, or written before `asOf` existed), so every field is optional here.
 */
export function newestAsOf(docs: readonly ({ asOf?: Partial<AsOf> } | undefined)[]): ViewAsOf {
  let lastEventAt: string | null = null;
  let writtenAt: string | null = null;
  for (const doc of docs) {
    const e = doc?.asOf?.lastEventAt;
    const w = doc?.asOf?.writtenAt;
    if (typeof e === 'string' && (lastEventAt === null || Date.parse(e) > Date.parse(lastEventAt)))
      lastEventAt = e;
    if (typeof w === 'string' && (writtenAt === null || Date.parse(w) > Date.parse(writtenAt))) writtenAt = w;
  }
  return { lastEventAt, writtenAt };
}
