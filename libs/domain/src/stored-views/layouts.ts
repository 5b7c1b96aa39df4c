// Which document layout each view's live generation was built with, and what a projector of a given release
// does about it. A release that changes a view's docs bumps the view's `layout` (its definition); the pointer
// doc records, per view, the layout of the generation it points at and, while one is under way, the rebuild
// into the code's layout. Pure: the projector and the api take their decisions from these functions only.
import { VIEW_DEFINITIONS, VIEW_KINDS, type ViewKind } from '../projections/index.ts';
import { GENERATIONS_DOC_ID, generationsOf, INITIAL_GENERATIONS, isGeneration } from './generations.ts';
import type { GenerationsDoc } from './generations.ts';

export type Layouts = Record<ViewKind, number>;

/** The layout of each view in this code. */
export const VIEW_LAYOUTS: Readonly<Layouts> = Object.freeze(
  Object.fromEntries(VIEW_KINDS.map((view) => [view, VIEW_DEFINITIONS[view].layout])) as Layouts,
);

/** The layout a generation has when the pointer does not say: the one before layouts were recorded. */
export const UNRECORDED_LAYOUT = 1;

/** The store's head for one feed range of `events` when a rebuild began (an LSN; see the projector). */
export interface RangeHeadRecord {
  minInclusive: string;
  maxExclusive: string;
  lsn: number;
}

/**
 * A rebuild of a view into `generation` with `layout`, started by a projector of that layout. `heads` is
 * written once the claimant has wiped leftovers of the generation and noted where the store ended: from then on
 * every replica of that layout projects the generation (sharing its leases, so a restart resumes at their
 * checkpoints), and it is switched to once every range has been read past its head.
 */
export interface LayoutRebuild {
  generation: number;
  layout: number;
  claimedBy: string;
  claimedAt: string;
  heads?: RangeHeadRecord[];
}

const isLayout = isGeneration;

/**
 * The layout of each view's live generation. No pointer at all: nothing was ever switched, and the projector
 * writes one at its start (initialPointer) before anything is built, so readers take the code's layouts. A
 * pointer that does not name a view's layout: layout 1, the one before layouts were recorded.
 */
export function layoutsOf(doc: unknown): Layouts {
  if (typeof doc !== 'object' || doc === null) return { ...VIEW_LAYOUTS };
  const stored = (doc as { layouts?: unknown }).layouts;
  const entries = typeof stored === 'object' && stored !== null ? (stored as Record<string, unknown>) : {};
  const result = {} as Layouts;
  for (const view of VIEW_KINDS) {
    const n = entries[view];
    result[view] = isLayout(n) ? n : UNRECORDED_LAYOUT;
  }
  return result;
}

/** The rebuild the pointer records for `view`, if any (a malformed record counts as none). */
export function rebuildOf(doc: unknown, view: ViewKind): LayoutRebuild | undefined {
  if (typeof doc !== 'object' || doc === null) return undefined;
  const rebuilds = (doc as { rebuilds?: unknown }).rebuilds;
  const r =
    typeof rebuilds === 'object' && rebuilds !== null
      ? (rebuilds as Record<string, unknown>)[view]
      : undefined;
  if (typeof r !== 'object' || r === null) return undefined;
  const { generation, layout, claimedBy, claimedAt, heads } = r as Partial<LayoutRebuild>;
  if (!isGeneration(generation) || !isLayout(layout) || typeof claimedBy !== 'string') return undefined;
  if (typeof claimedAt !== 'string') return undefined;
  return { generation, layout, claimedBy, claimedAt, ...(Array.isArray(heads) ? { heads } : {}) };
}

/**
 * The rebuild of `view` into `layout` (the code's) that the projector replicas run, if any: a manual rebuild
 * must not compete with it. A record of a rebuild into another layout was left by another release (rolled
 * back, say): this release's replicas never join it, so it stands in nobody's way.
 */
export function replicasRebuilding(
  doc: unknown,
  view: ViewKind,
  layout: number = VIEW_LAYOUTS[view],
): LayoutRebuild | undefined {
  const rebuild = rebuildOf(doc, view);
  return rebuild?.layout === layout ? rebuild : undefined;
}

/** Views whose live generation was built with another layout than the code's: each must be rebuilt. */
export function viewsToRebuild(stored: Layouts, code: Layouts = VIEW_LAYOUTS): ViewKind[] {
  return VIEW_KINDS.filter((view) => stored[view] !== code[view]);
}

/** What a projector of layout `layout` does for `view`, given the pointer. */
export type LayoutStep =
  /** The live generation has the code's layout: project it. */
  | { action: 'project'; generation: number }
  /** A rebuild into the code's layout is under way: project its generation (join it, or resume it). */
  | { action: 'build'; generation: number; rebuild: LayoutRebuild }
  /** Claim the rebuild (or take over a claim left unfinished): wipe `generation`, note the head, record it. */
  | { action: 'prepare'; generation: number }
  /** Another replica is preparing the rebuild: project nothing of this view for now. */
  | { action: 'wait' };

export interface StepContext {
  instance: string;
  now: Date;
  /** A claim without heads older than this was left by a replica that died while preparing. */
  claimTimeoutMs: number;
}

export function layoutStepOf(doc: unknown, view: ViewKind, layout: number, ctx: StepContext): LayoutStep {
  const live = generationsOf(doc)[view];
  if (layoutsOf(doc)[view] === layout) return { action: 'project', generation: live };
  const rebuild = rebuildOf(doc, view);
  if (rebuild !== undefined && rebuild.layout === layout && rebuild.generation > live) {
    if (rebuild.heads !== undefined) return { action: 'build', generation: rebuild.generation, rebuild };
    const age = ctx.now.getTime() - Date.parse(rebuild.claimedAt);
    if (rebuild.claimedBy === ctx.instance || !(age <= ctx.claimTimeoutMs))
      return { action: 'prepare', generation: rebuild.generation };
    return { action: 'wait' };
  }
  // No rebuild into this layout yet (or one into another layout, from another release): a generation past
  // both, so nothing another release may still be writing is wiped.
  return { action: 'prepare', generation: Math.max(live, rebuild?.generation ?? 0) + 1 };
}

/** The pointer with `view`'s rebuild recorded (or removed, with undefined); nothing else changes. */
export function withRebuild(
  current: unknown,
  view: ViewKind,
  rebuild: LayoutRebuild | undefined,
): GenerationsDoc {
  const base = pointerOf(current);
  const rebuilds = { ...base.rebuilds };
  if (rebuild === undefined) delete rebuilds[view];
  else rebuilds[view] = rebuild;
  return { ...base, rebuilds };
}

/**
 * The pointer a projector writes on a store that has none: generation 1 everywhere, and the code's layout for
 * each view nothing was written for yet. A view that was written (`written`) keeps the unrecorded layout 1:
 * a deployment that never rebuilt still runs the layouts from before versions were recorded.
 */
export function initialPointer(written: readonly ViewKind[], now: Date): GenerationsDoc {
  const layouts: Partial<Layouts> = {};
  for (const view of VIEW_KINDS) if (!written.includes(view)) layouts[view] = VIEW_LAYOUTS[view];
  return {
    id: GENERATIONS_DOC_ID,
    generations: { ...INITIAL_GENERATIONS },
    layouts,
    switchedAt: now.toISOString(),
  };
}

/** The pointer as read, in its written shape (every view's generation; recorded layouts and rebuilds kept). */
export function pointerOf(current: unknown): GenerationsDoc {
  const doc =
    typeof current === 'object' && current !== null ? (current as Partial<GenerationsDoc>) : undefined;
  // No pointer: the code's layouts (see layoutsOf); otherwise only the layouts it records.
  const layouts: Partial<Layouts> = doc === undefined ? { ...VIEW_LAYOUTS } : {};
  const recorded = (typeof doc?.layouts === 'object' && doc.layouts !== null ? doc.layouts : {}) as Record<
    string,
    unknown
  >;
  const rebuilds: Partial<Record<ViewKind, LayoutRebuild>> = {};
  for (const view of VIEW_KINDS) {
    const layout = recorded[view];
    if (isLayout(layout)) layouts[view] = layout;
    const r = rebuildOf(current, view);
    if (r !== undefined) rebuilds[view] = r;
  }
  return {
    id: GENERATIONS_DOC_ID,
    generations: generationsOf(current),
    layouts,
    rebuilds,
    switchedAt: typeof doc?.switchedAt === 'string' ? doc.switchedAt : new Date(0).toISOString(),
  };
}

/**
 * The pointer doc with `view` moved to `generation`, built with this code's layout (other views untouched; a
 * rebuild recorded for `view` is over).
 */
export function switchGeneration(
  current: unknown,
  view: ViewKind,
  generation: number,
  now: Date,
): GenerationsDoc {
  if (!isGeneration(generation))
    throw new RangeError(`generation must be an integer >= 1, got ${generation}`);
  const base = withRebuild(current, view, undefined);
  return {
    ...base,
    generations: { ...base.generations, [view]: generation },
    layouts: { ...base.layouts, [view]: VIEW_LAYOUTS[view] },
    switchedAt: now.toISOString(),
  };
}
