// A view doc as stored in `views`: the domain doc (counters) plus what readers and the projector need around
// it. The stored id carries the generation and the writer; `viewId` keeps the domain id so the pure fold is
// reused as is. Each lease (feed range) writes its own partial of every doc, `g<n>.<domain id>@<lease token>`,
// so no document has two writers in steady state; readers merge the partials of the writers listed in the
// view's writers doc (writers.ts) with the view's own `merge`. The projector writes this shape and the api
// reads it; this module is the only definition of it.
import { kindOfDomainId, type TopMoviesDoc, type ViewDoc, type ViewKind } from '../projections/index.ts';

export interface AsOf {
  /** Newest OrderDate (occurredAt, ISO) folded into the doc. */
  lastEventAt: string;
  /** When the projector wrote this version (its own clock, ISO). */
  writtenAt: string;
}

interface StoredFields<Id extends string> {
  /** `g<generation>.<viewId>@<lease token>` (`g<generation>.<viewId>` in the layout before partials). */
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

/** A top-movies ranking doc as stored: one per writer, like the counters. */
export type StoredRanking = Omit<TopMoviesDoc, 'id'> & {
  id: string;
  viewId: TopMoviesDoc['id'];
  generation: number;
  asOf: AsOf;
  _etag?: string;
};

/**
 * `g3.categories@-7FFF`: where the lease `-7FFF` keeps its partial of generation 3 of a domain view doc;
 * without a writer, `g3.categories` (the layout before partials, still readable).
 */
export const storedViewId = (generation: number, domainId: string, writer?: string): string =>
  writer === undefined ? `g${generation}.${domainId}` : `g${generation}.${domainId}@${writer}`;

/** `g3.orders-hours-2026-11-22@-7FFF` → { generation: 3, domainId: 'orders-hours-2026-11-22', writer: '-7FFF' }. */
export function parseStoredViewId(
  id: string,
): { generation: number; domainId: string; writer?: string } | undefined {
  const match = /^g(\d+)\.([^@]+)(?:@(.+))?$/.exec(id);
  if (!match) return undefined;
  const parsed = { generation: Number(match[1]), domainId: match[2]! };
  return match[3] === undefined ? parsed : { ...parsed, writer: match[3] };
}

/** `g2.orders-hours-2026-11-22` → `orders-hour`; undefined for any other id (the pointer doc, say). */
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
  writer?: string,
): StoredView<D> {
  const copy: Record<string, unknown> = { ...doc };
  for (const field of SYSTEM_FIELDS) delete copy[field];
  return {
    ...copy,
    id: storedViewId(generation, doc.id, writer),
    viewId: doc.id,
    generation,
    appliedLsn,
    asOf,
  } as unknown as StoredView<D>;
}

/** The stored form of a top-movies ranking doc (the projector writes one per lease). */
export function toStoredRanking(
  doc: TopMoviesDoc,
  generation: number,
  asOf: AsOf,
  writer?: string,
): StoredRanking {
  return {
    id: storedViewId(generation, doc.id, writer),
    viewId: doc.id,
    kind: doc.kind,
    generation,
    movies: doc.movies,
    asOf,
  };
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
