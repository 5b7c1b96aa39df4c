// The shape the projector stores view documents in (its contract with the readers). Each domain doc is kept
// per generation, so a rebuild writes a new generation beside the live one and then switches every reader
// at once by updating the pointer document.
import type { ViewDoc, ViewKind } from '@marquee/domain';

export const VIEW_KINDS: readonly ViewKind[] = ['top-movies', 'categories', 'orders-hour', 'orders-day'];

/** Id of the pointer document that names the live generation of each view. */
export const GENERATIONS_DOC_ID = 'view-generations';

export type Generations = Record<ViewKind, number>;

export interface GenerationsDoc {
  id: typeof GENERATIONS_DOC_ID;
  generations: Partial<Generations>;
  switchedAt?: string;
}

/** When no pointer exists yet, every view is at generation 1. */
export const DEFAULT_GENERATIONS: Readonly<Generations> = Object.freeze({
  'top-movies': 1,
  categories: 1,
  'orders-hour': 1,
  'orders-day': 1,
});

export interface ViewAsOf {
  /** Newest OrderDate folded into the doc (ISO). */
  lastEventAt: string | null;
  /** When the projector last wrote the doc (ISO). */
  writtenAt: string | null;
}

/** A domain view doc as stored: the stored `id` is `g<generation>.<domain id>`, which `viewId` keeps. */
export type StoredView<D extends ViewDoc> = Omit<D, 'id'> & {
  id: string;
  viewId: D['id'];
  generation: number;
  asOf?: Partial<ViewAsOf>;
};

export const storedViewId = (generation: number, domainId: string): string => `g${generation}.${domainId}`;

/** `g3.orders-hour-2026-11-22T10` → { generation: 3, domainId: 'orders-hour-2026-11-22T10' }. */
export function parseStoredViewId(id: string): { generation: number; domainId: string } | undefined {
  const match = /^g(\d+)\.(.+)$/.exec(id);
  if (!match) return undefined;
  return { generation: Number(match[1]), domainId: match[2]! };
}

/** Which view a domain doc id belongs to. */
export function kindOfDomainId(domainId: string): ViewKind | undefined {
  if (domainId === 'top-movies') return 'top-movies';
  if (domainId === 'categories') return 'categories';
  if (domainId.startsWith('orders-hour-')) return 'orders-hour';
  if (domainId.startsWith('orders-day-')) return 'orders-day';
  return undefined;
}

export function generationsOf(doc: Pick<GenerationsDoc, 'generations'> | undefined): Generations {
  const out: Generations = { ...DEFAULT_GENERATIONS };
  for (const kind of VIEW_KINDS) {
    const g = doc?.generations[kind];
    if (typeof g === 'number' && Number.isInteger(g) && g > 0) out[kind] = g;
  }
  return out;
}

/** The freshest of several docs' asOf: newest event and newest write, each null when nothing is known. */
export function newestAsOf(docs: readonly ({ asOf?: Partial<ViewAsOf> } | undefined)[]): ViewAsOf {
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
