// The generation pointer: every view is stored under a generation number so a rebuild can fill `g<n+1>` docs
// beside the live `g<n>` ones and switch every reader over with one pointer write. The projector writes the
// pointer, the api reads it; both use this module, so they cannot disagree on its shape or its rules.
import { VIEW_KINDS, type ViewKind } from '../projections/index.ts';
import type { LayoutRebuild } from './layouts.ts';

/** Id (and partition key) of the pointer doc in `views`. */
export const GENERATIONS_DOC_ID = 'view-generations';

export type Generations = Record<ViewKind, number>;

/** The pointer doc as written: every view named, and when a generation last changed (ISO). */
export interface GenerationsDoc {
  id: typeof GENERATIONS_DOC_ID;
  generations: Generations;
  /** The layout each live generation was built with (layouts.ts); a view not named: layout 1. */
  layouts?: Partial<Record<ViewKind, number>>;
  /** Rebuilds into a new layout under way, by view (layouts.ts). */
  rebuilds?: Partial<Record<ViewKind, LayoutRebuild>>;
  switchedAt: string;
}

/** When no pointer exists yet (or it does not name a view), that view is at generation 1. */
export const INITIAL_GENERATIONS: Readonly<Generations> = Object.freeze(
  Object.fromEntries(VIEW_KINDS.map((view) => [view, 1])) as Generations,
);

export function isViewKind(name: string): name is ViewKind {
  return (VIEW_KINDS as readonly string[]).includes(name);
}

/** A generation is a safe integer >= 1: what the writer accepts is exactly what readers honour. */
export const isGeneration = (n: unknown): n is number =>
  typeof n === 'number' && Number.isSafeInteger(n) && n >= 1;

/**
 * The generation of every view from whatever the pointer read returned: a missing doc, a missing or invalid
 * entry means generation 1 (a reader never fails on the pointer).
 */
export function generationsOf(doc: unknown): Generations {
  const stored =
    typeof doc === 'object' && doc !== null ? (doc as { generations?: unknown }).generations : undefined;
  const entries = typeof stored === 'object' && stored !== null ? (stored as Record<string, unknown>) : {};
  const result: Generations = { ...INITIAL_GENERATIONS };
  for (const view of VIEW_KINDS) {
    const n = entries[view];
    if (isGeneration(n)) result[view] = n;
  }
  return result;
}
