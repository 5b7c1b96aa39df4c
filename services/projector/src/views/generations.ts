// Generations: every view is stored under a generation number so a rebuild can fill `g<n+1>` docs beside the
// live `g<n>` ones and switch readers over with one pointer write. Pure: ids, names and pointer rules.
import type { ViewKind } from '@marquee/domain';

export const VIEW_NAMES: readonly ViewKind[] = ['top-movies', 'categories', 'orders-hour', 'orders-day'];

export const GENERATIONS_DOC_ID = 'view-generations';

export type Generations = Record<ViewKind, number>;

/** The pointer doc in `views`. The API reads it to know which generation of each view to serve. */
export interface GenerationsDoc {
  id: typeof GENERATIONS_DOC_ID;
  generations: Generations;
  /** When a generation last changed (ISO). */
  switchedAt: string;
}

export const INITIAL_GENERATIONS: Readonly<Generations> = Object.freeze({
  'top-movies': 1,
  categories: 1,
  'orders-hour': 1,
  'orders-day': 1,
});

export function isViewName(name: string): name is ViewKind {
  return (VIEW_NAMES as readonly string[]).includes(name);
}

const isGeneration = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 1;

/** The generation of every view from a pointer doc; a missing doc or entry means generation 1. */
export function generationsOf(doc: unknown): Generations {
  const stored = (doc as Partial<GenerationsDoc> | undefined)?.generations as
    Record<string, unknown> | undefined;
  const result: Generations = { ...INITIAL_GENERATIONS };
  for (const view of VIEW_NAMES) {
    const n = stored?.[view];
    if (isGeneration(n)) result[view] = n;
  }
  return result;
}

/** The pointer doc with `view` moved to `generation` (other views untouched). */
export function switchGeneration(
  current: unknown,
  view: ViewKind,
  generation: number,
  now: Date,
): GenerationsDoc {
  if (!isGeneration(generation))
    throw new RangeError(`generation must be an integer >= 1, got ${generation}`);
  return {
    id: GENERATIONS_DOC_ID,
    generations: { ...generationsOf(current), [view]: generation },
    switchedAt: now.toISOString(),
  };
}

/** Views whose generation differs between two pointer readings. */
export function changedViews(before: Generations, after: Generations): ViewKind[] {
  return VIEW_NAMES.filter((view) => before[view] !== after[view]);
}

/** `g3.top-movies`: where generation 3 of a domain view doc is stored. */
export function storedDocId(generation: number, viewDocId: string): string {
  return `g${generation}.${viewDocId}`;
}

/** The change feed processor (and lease id prefix) that fills one generation of one view. */
export function processorNameOf(view: ViewKind, generation: number): string {
  return `projector.${view}.g${generation}`;
}
