// The projector of one replica: a ViewRunner per view, at the generation the pointer names. It reads the
// pointer every few seconds; when a rebuild has switched a view to a new generation it stops that view's old
// processor (batch in flight finished and checkpointed, leases freed) and starts the new generation's, which
// adopts the leases the rebuild released at its checkpoints: nothing skipped, nothing counted twice. A view
// whose live generation has another document layout than this release's is not projected there: the replica
// projects the generation a rebuild into its layout builds, and switches to it (rebuild/layout-rebuild.ts).
import type { Container } from '@azure/cosmos';
import { LeaseColocation, SharedFeedReads, type LeaseStatus } from '@marquee/change-feed-processor';
import { VIEW_KINDS, type Generations, type ViewKind } from '@marquee/domain';
import { LayoutRebuilds } from '../rebuild/layout-rebuild.ts';
import type { Logger } from 'pino';
import type { ProjectorMetrics } from '../metrics.ts';
import type { ViewStores, GenerationStore, QuarantineSink } from '../store/index.ts';
import type { CategorySource } from './view-projection.ts';
import { BatchTimes } from './batch-times.ts';
import { RangeSlots } from './range-slots.ts';
import { ViewRunner, type ProcessorSettings } from './view-runner.ts';

export interface ProjectorDeps {
  events: Container;
  leases: Container;
  generations: GenerationStore;
  stores: ViewStores;
  quarantine: QuarantineSink;
  catalog: CategorySource;
  instanceName: string;
  timeZone: string;
  writeConcurrency: number;
  settings: ProcessorSettings;
  generationPollMs: number;
  metrics: ProjectorMetrics;
  logger: Logger;
  /** Only these views (default: all). */
  views?: readonly ViewKind[];
}

export interface LeaseProgress {
  view: ViewKind;
  lease: string;
  /** Time with work in hand and no progress (0 when idle or progressing). */
  stalledMs: number;
  /** Past the stall threshold. */
  stalled: boolean;
}

/** How long a view ahead waits for the others of its range (longer: they run apart until they meet again). */
const LEAD_WAIT_MS = 10_000;

export class Projector {
  readonly #d: ProjectorDeps;
  readonly #runners = new Map<ViewKind, ViewRunner>();
  /**
   * The views' processors read the same feed with the same page size, mostly from the same positions: a page
   * is read and decoded once for all of them (each view keeps its own leases, checkpoints and generation).
   */
  readonly #sharedReads: SharedFeedReads;
  /**
   * ...which they do only for the ranges they all read here: each range's leases of every view follow the
   * anchor view's (the first one), in every replica, so a range's pages are read in one replica only. Balanced
   * on their own, a fleet scattered them and per-event CPU grew with replicas (README "Replicas").
   */
  readonly #colocation = new LeaseColocation();
  /** What the views' batches take lately: batch pacing writes sooner while they are quick. */
  readonly #batchTimes = new BatchTimes();
  /** When each range's views read next: the first to finish a page decides for the others of the range. */
  readonly #rangeSlots = new RangeSlots();
  #timer: NodeJS.Timeout | undefined;
  #polling: Promise<void> = Promise.resolve();
  #switching: Promise<unknown> = Promise.resolve();
  #closed = false;
  #lastPollOk = false;
  readonly #layouts: LayoutRebuilds;
  #rebuilding: ReadonlySet<ViewKind> = new Set();

  constructor(deps: ProjectorDeps) {
    this.#d = deps;
    this.#sharedReads = new SharedFeedReads({
      onPage: (source) => deps.metrics.feedPages.inc({ source }),
      // A view ahead of the others of its range waits for them to take its pages before it reads another:
      // a burst then holds about two pages per range instead of one per view (README "Memory").
      maxLeadWaitMs: LEAD_WAIT_MS,
    });
    this.#layouts = new LayoutRebuilds({
      events: deps.events,
      leases: deps.leases,
      generations: deps.generations,
      instanceName: deps.instanceName,
      leaseExpirationMs: deps.settings.leaseExpirationMs,
      logger: deps.logger.child({ component: 'layout-rebuild' }),
    });
  }

  get views(): readonly ViewKind[] {
    return this.#d.views ?? VIEW_KINDS;
  }

  /** Generation each view is projected at right now. */
  generations(): Partial<Generations> {
    return Object.fromEntries([...this.#runners].map(([view, runner]) => [view, runner.generation]));
  }

  runner(view: ViewKind): ViewRunner | undefined {
    return this.#runners.get(view);
  }

  /** Leases of this replica with work in hand and no progress past the threshold, for /readyz and metrics. */
  /** Each owned lease's processor status, by view (the pipeline panel's units). */
  leaseStatuses(): Array<{ view: ViewKind; leases: LeaseStatus[] }> {
    return [...this.#runners].map(([view, runner]) => ({ view, leases: [...runner.status().leases] }));
  }

  leaseProgress(): LeaseProgress[] {
    return [...this.#runners].flatMap(([view, runner]) =>
      runner
        .status()
        .leases.map((l) => ({ view, lease: l.leaseToken, stalledMs: l.stalledMs, stalled: l.stalled })),
    );
  }

  /** Views being rebuilt into this release's layout (their reports answer 503 until the switch). */
  get rebuilding(): ReadonlySet<ViewKind> {
    return this.#rebuilding;
  }

  /**
   * Healthy when every view has a running processor and the pointer could be read lately. A view whose layout
   * rebuild another replica is preparing has none for those few seconds, and that is no reason to restart.
   */
  get ready(): boolean {
    return (
      !this.#closed &&
      this.#lastPollOk &&
      this.views.every(
        (v) =>
          this.#runners.get(v)?.status().state === 'running' ||
          (this.#rebuilding.has(v) && !this.#runners.has(v)),
      )
    );
  }

  async start(): Promise<void> {
    await this.followPointer({ switching: false });
    this.#schedule();
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    await this.#polling;
    await Promise.all([...this.#runners.values()].map((runner) => runner.stop()));
    this.#runners.clear();
  }

  /** Reads the pointer and follows any switch; exposed so tests need not wait for the timer. */
  followPointer(options: { switching?: boolean } = {}): Promise<ViewKind[]> {
    const run = this.#switching.then(() => this.#follow(options.switching ?? true));
    this.#switching = run.catch(() => undefined);
    return run;
  }

  /** `switching`: a rebuild into this release's layout may switch now (not at start: starting stays quick). */
  async #follow(switching: boolean): Promise<ViewKind[]> {
    // Per view: the live generation, or the one a rebuild into this release's layout builds (layout-rebuild.ts).
    const steps = await this.#layouts.plan(this.views);
    this.#lastPollOk = true;
    const target = (view: ViewKind): number | undefined => {
      const step = steps.get(view);
      return step?.action === 'project' || step?.action === 'build' ? step.generation : undefined;
    };
    // A view without a runner (its start failed) counts as switched, so it is started again.
    const switched = this.views.filter((v) => this.#runners.get(v)?.generation !== target(v));
    // The anchor first: the other views' first balancing then follows where its leases went.
    const anchorFirst = [
      switched.filter((v) => v === this.#anchor),
      switched.filter((v) => v !== this.#anchor),
    ];
    for (const views of anchorFirst) await this.#switch(views, target);
    const rebuilding = new Set(this.views.filter((v) => steps.get(v)?.action !== 'project'));
    for (const view of this.views) {
      const step = steps.get(view);
      // Its runner goes on: the switched generation is the one it projects.
      if (
        switching &&
        step?.action === 'build' &&
        !this.#closed &&
        this.#runners.get(view)?.status().state === 'running'
      )
        if (await this.#layouts.trySwitch(view, step.rebuild)) rebuilding.delete(view);
    }
    this.#rebuilding = rebuilding;
    for (const view of this.views) this.#d.metrics.rebuilding.set({ view }, rebuilding.has(view) ? 1 : 0);
    return switched;
  }

  /** Stops each view's runner and starts the one of its target generation (none: not projected here). */
  async #switch(views: readonly ViewKind[], target: (view: ViewKind) => number | undefined): Promise<void> {
    await Promise.all(
      views.map(async (view) => {
        if (this.#closed) return;
        const old = this.#runners.get(view);
        const to = target(view);
        if (old !== undefined)
          this.#d.logger.info({ view, from: old.generation, to }, 'view generation switched');
        await old?.stop();
        this.#runners.delete(view);
        if (to !== undefined && !this.#closed) await this.#startRunner(view, to);
      }),
    );
  }

  /** The view whose leases the others' follow (see #colocation). */
  get #anchor(): ViewKind | undefined {
    return this.views[0];
  }

  async #startRunner(view: ViewKind, generation: number): Promise<void> {
    const d = this.#d;
    const runner = new ViewRunner({
      view,
      generation,
      events: d.events,
      leases: d.leases,
      instanceName: d.instanceName,
      stores: d.stores,
      quarantine: d.quarantine,
      catalog: d.catalog,
      timeZone: d.timeZone,
      writeConcurrency: d.writeConcurrency,
      settings: d.settings,
      metrics: d.metrics,
      logger: d.logger,
      sharedReads: this.#sharedReads,
      batchTimes: this.#batchTimes,
      rangeSlots: this.#rangeSlots,
      colocation: { group: this.#colocation, role: view === this.#anchor ? 'anchor' : 'follower' },
    });
    // In the map before it starts: a close() meanwhile (SIGTERM during start-up) then stops it, the processor
    // waiting for its start to end, instead of leaving it running with its leases held until they expire.
    this.#runners.set(view, runner);
    try {
      await runner.start();
    } catch (err) {
      if (this.#runners.get(view) === runner) this.#runners.delete(view);
      throw err;
    }
    d.metrics.generation.set({ view }, generation);
    d.logger.info({ view, generation, processor: runner.name }, 'projecting view');
  }

  #schedule(): void {
    if (this.#closed) return;
    this.#timer = setTimeout(() => {
      this.#polling = this.followPointer().then(
        () => this.#schedule(),
        (err: unknown) => {
          this.#lastPollOk = false;
          this.#d.logger.warn({ err }, 'reading the generation pointer failed; retrying');
          this.#schedule();
        },
      );
    }, this.#d.generationPollMs);
  }
}
