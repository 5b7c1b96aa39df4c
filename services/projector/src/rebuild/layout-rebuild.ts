// Rebuilds a release starts by itself when it changed a view's document layout (the view definition's
// `layout`, recorded per live generation in the pointer). The same rebuild as `rebuild-view`, spread over the
// replicas instead of run by one tool:
//  - one replica claims it in the pointer (If-Match: one claim wins), wipes leftovers of the new generation,
//    notes the store's head per feed range and records it beside the claim;
//  - from then on every replica of that layout projects the new generation (its processor, from the beginning
//    of `events`: they share its leases, and a restarted replica resumes at their checkpoints);
//  - any of them switches the pointer (recording the layout) once every lease of it has read past the recorded
//    head and no replica still projects the old generation (an older release would follow the switch with
//    its own layout), then deletes the old generation. Live projection goes on in the new generation.
// Whether a lease has read to the head is asked of the store, not of this process (it sees only its leases):
// the first change after the lease's checkpoint is past the head, or there is none.
import type { Container } from '@azure/cosmos';
import {
  initialPointer,
  layoutStepOf,
  rebuildOf,
  switchGeneration,
  VIEW_KINDS,
  VIEW_LAYOUTS,
  withRebuild,
  writersDocId,
  generationsOf,
  type LayoutRebuild,
  type LayoutStep,
  type ViewKind,
} from '@marquee/domain';
import type { Logger } from 'pino';
import { VersionedStore, type GenerationStore } from '../store/index.ts';
import { processorNameOf } from '../views/index.ts';
import { deleteGenerationDocs, deleteGenerationLeases, waitUntilReleased } from './generation-cleanup.ts';
import { readPastHeads } from './read-past-heads.ts';
import { readStoreHead } from './store-head.ts';

export interface LayoutRebuildDeps {
  events: Container;
  leases: Container;
  generations: GenerationStore;
  instanceName: string;
  leaseExpirationMs: number;
  logger: Logger;
  /** A claim whose claimant has not recorded the head after this long is taken over (default 60 s). */
  claimTimeoutMs?: number;
  now?: () => Date;
}

export class LayoutRebuilds {
  readonly #d: LayoutRebuildDeps;
  readonly #now: () => Date;
  /** Rebuilds that were told to wait for replicas of the old release (logged once each). */
  readonly #waiting = new Set<string>();

  constructor(deps: LayoutRebuildDeps) {
    this.#d = deps;
    this.#now = deps.now ?? (() => new Date());
  }

  /**
   * What this replica does for each view now (layouts.ts), after doing its part first: the pointer's first
   * version on a store without one, or the preparation of a rebuild it is the one to claim.
   */
  async plan(views: readonly ViewKind[]): Promise<Map<ViewKind, LayoutStep>> {
    const g = this.#d.generations;
    /** Views whose next generation something else builds right now (`rebuild-view`): not claimed meanwhile. */
    const busy = new Set<ViewKind>();
    for (let attempt = 1; attempt <= 20; attempt += 1) {
      const current = await g.readDoc();
      if (current === undefined) {
        await g.write(initialPointer(await this.#writtenViews(), this.#now()), undefined);
        continue;
      }
      const ctx = {
        instance: this.#d.instanceName,
        now: this.#now(),
        claimTimeoutMs: this.#d.claimTimeoutMs ?? 60_000,
      };
      const steps = new Map(views.map((v) => [v, layoutStepOf(current.doc, v, VIEW_LAYOUTS[v], ctx)]));
      for (const view of busy) steps.set(view, { action: 'wait' });
      const toPrepare = views.find((v) => steps.get(v)?.action === 'prepare');
      if (toPrepare === undefined) return steps;
      const step = steps.get(toPrepare) as Extract<LayoutStep, { action: 'prepare' }>;
      // Live leases of that generation before any claim: an operator's `rebuild-view` is building it (with
      // this code's layout: it records it at its switch). Wiping it would undo that work; wait for its switch.
      if (await this.#held(toPrepare, step.generation)) busy.add(toPrepare);
      else await this.#prepare(toPrepare, step.generation, current);
    }
    throw new Error('the generation pointer kept changing while planning layout rebuilds');
  }

  /**
   * A view being rebuilt: switches to its new generation once it has read the store to the recorded head and
   * nothing projects the old one any more, then deletes the old generation. True when this call switched.
   */
  async trySwitch(view: ViewKind, rebuild: LayoutRebuild): Promise<boolean> {
    const log = this.#d.logger.child({ view, generation: rebuild.generation });
    const processorName = processorNameOf(view, rebuild.generation);
    if (!(await readPastHeads(this.#d.events, this.#d.leases, processorName, rebuild.heads ?? [])))
      return false;
    const current = await this.#d.generations.readDoc();
    const from = generationsOf(current?.doc)[view];
    if (current === undefined || rebuildOf(current.doc, view)?.generation !== rebuild.generation)
      return false;
    const scope = { leases: this.#d.leases, events: this.#d.events };
    if (await this.#held(view, from)) {
      // Said once per rebuild, not on every poll while an old release keeps running.
      const waiting = `${view}.g${rebuild.generation}`;
      if (!this.#waiting.has(waiting))
        log.warn(
          { from },
          'layout rebuild read to the head; waiting for replicas of the old release to stop',
        );
      this.#waiting.add(waiting);
      return false;
    }
    const next = switchGeneration(current.doc, view, rebuild.generation, this.#now());
    if (!(await this.#d.generations.write(next, current.etag))) return false;
    log.info({ from, layout: rebuild.layout }, 'layout rebuild read the store to its head; pointer switched');
    try {
      const docs = await deleteGenerationDocs(this.#d.generations.container, view, from);
      await deleteGenerationLeases(scope, view, from);
      log.info({ generation: from, docs }, 'old generation deleted');
    } catch (err) {
      // Only space: the api never reads a generation the pointer does not name.
      log.warn({ err, generation: from }, 'could not delete the old generation; its docs stay unread');
    }
    return true;
  }

  /** Whether a live lease of the generation's processor is held by anyone. */
  async #held(view: ViewKind, generation: number): Promise<boolean> {
    const scope = { leases: this.#d.leases, events: this.#d.events };
    const options = { leaseExpirationMs: this.#d.leaseExpirationMs, timeoutMs: 0 };
    return !(await waitUntilReleased(scope, view, generation, options));
  }

  /** Claims the rebuild, wipes what an earlier attempt left of its generation, records the head. */
  async #prepare(view: ViewKind, generation: number, current: { doc: unknown; etag: string }): Promise<void> {
    const log = this.#d.logger.child({ view, generation });
    const claim: LayoutRebuild = {
      generation,
      layout: VIEW_LAYOUTS[view],
      claimedBy: this.#d.instanceName,
      claimedAt: this.#now().toISOString(),
    };
    if (!(await this.#d.generations.write(withRebuild(current.doc, view, claim), current.etag))) return;
    const views = this.#d.generations.container;
    const staleDocs = await deleteGenerationDocs(views, view, generation);
    const staleLeases = await deleteGenerationLeases(
      { leases: this.#d.leases, events: this.#d.events },
      view,
      generation,
    );
    // Noted before any replica starts the generation's processor: a switch needs every range read past it.
    const heads = await readStoreHead(this.#d.events);
    for (let attempt = 1; attempt <= 20; attempt += 1) {
      const now = await this.#d.generations.readDoc();
      const recorded = rebuildOf(now?.doc, view);
      // Taken over meanwhile (this replica was too slow): the other claimant prepares it again.
      if (now === undefined || recorded?.claimedBy !== claim.claimedBy || recorded.generation !== generation)
        return;
      if (await this.#d.generations.write(withRebuild(now.doc, view, { ...recorded, heads }), now.etag)) {
        log.info(
          { layout: claim.layout, staleDocs, staleLeases, headLsn: Math.max(0, ...heads.map((h) => h.lsn)) },
          'view layout changed: rebuilding the view into a new generation',
        );
        return;
      }
    }
  }

  /** Views generation 1 of which was written (a store without a pointer, from before layouts were recorded). */
  async #writtenViews(): Promise<ViewKind[]> {
    const views = new VersionedStore<{ id: string }>(this.#d.generations.container);
    const written = await Promise.all(
      VIEW_KINDS.map(async (view) => (await views.read(writersDocId(1, view))) !== undefined),
    );
    return VIEW_KINDS.filter((_, i) => written[i]);
  }
}
