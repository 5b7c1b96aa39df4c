// The writers doc of a view generation: the lease tokens that keep partials of its docs. A lease adds its token
// here before it writes its first partial, so a reader that merges the partials of every listed writer misses
// none. Written once per lease per generation (at start, and when a split creates child leases): never hot.
// A split's parent stays listed: its partials keep what it counted before the split.
import { VIEW_KINDS, type ViewKind } from '../projections/index.ts';

export interface ViewWritersDoc {
  /** `g<generation>.writers.<view>`. */
  id: string;
  /** `kind` and `generation` as on the view's docs, so a generation's cleanup finds this doc too. */
  kind: ViewKind;
  generation: number;
  /** Lease tokens, in the order they registered. */
  writers: string[];
}

export const writersDocId = (generation: number, view: ViewKind): string => `g${generation}.writers.${view}`;

const WRITERS_DOC_ID = /^g\d+\.writers\.(.+)$/;

/** The view whose writers doc has this id; undefined for any other id (or a view that does not exist). */
export function viewOfWritersDocId(id: string): ViewKind | undefined {
  const view = WRITERS_DOC_ID.exec(id)?.[1];
  return VIEW_KINDS.find((kind) => kind === view);
}

/** The listed writers, whatever the stored doc holds (missing or malformed: none). */
export function writersOf(doc: unknown): string[] {
  const list = typeof doc === 'object' && doc !== null ? (doc as { writers?: unknown }).writers : undefined;
  return Array.isArray(list) ? list.filter((w): w is string => typeof w === 'string') : [];
}

/** The writers doc with `writer` added, or undefined when it is already listed. */
export function withWriter(
  current: unknown,
  view: ViewKind,
  generation: number,
  writer: string,
): ViewWritersDoc | undefined {
  const writers = writersOf(current);
  if (writers.includes(writer)) return undefined;
  return { id: writersDocId(generation, view), kind: view, generation, writers: [...writers, writer] };
}
