// The projector of one replica: a ViewRunner per view, at the generation the pointer names. It reads the
// pointer every few seconds; when a rebuild has switched a view to a new generation it stops that view's old
// processor (batch in flight finished and checkpointed, leases freed) and starts the new generation's, which
// adopts the leases the rebuild released at its checkpoints: nothing skipped, nothing counted twice.
import type { Container } from '@azure/cosmos';
import { SharedFeedReads, type LeaseStatus } from '@marquee/change-feed-processor';
import { changedViews, VIEW_KINDS, type Generations, type ViewKind } from '@marquee/domain';
import type { Logger } from 'pino';
import type { ProjectorMetrics } from '../metrics.ts';
import type { ViewStores, GenerationStore, QuarantineSink } from '../store/index.ts';
import type { CategorySource } from './view-projection.ts';
import { BatchTimes } from './batch-times.ts';
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

export class Projector {
  readonly #d: ProjectorDeps;
  readonly #runners = new Map<ViewKind, ViewRunner>();
  /**
   * The views' processors read the same feed with the same page size, mostly from the same positions: a page
   * is read and decoded once for all of them (each view keeps its own leases, checkpoints and generation).
   */
  readonly #sharedReads: SharedFeedReads;
  /** What the views' batches take lately: batch pacing writes sooner while they are quick. */
  readonly #batchTimes = new BatchTimes();
  #timer: NodeJS.Timeout | undefined;
  #polling: Promise<void> = Promise.resolve();
  #switching: Promise<unknown> = Promise.resolve();
  #closed = false;
  #lastPollOk = false;

  constructor(deps: ProjectorDeps) {
    this.#d = deps;
    this.#sharedReads = new SharedFeedReads({ onPage: (source) => deps.metrics.feedPages.inc({ source }) });
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

  /** Healthy when every view has a running processor and the pointer could be read lately. */
  get ready(): boolean {
    return (
      !this.#closed &&
      this.#lastPollOk &&
      this.views.every((v) => this.#runners.get(v)?.status().state === 'running')
    );
  }

  async start(): Promise<void> {
    const generations = await this.#d.generations.read();
    this.#lastPollOk = true;
    await Promise.all(this.views.map((view) => this.#startRunner(view, generations[view])));
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
  followPointer(): Promise<ViewKind[]> {
    const run = this.#switching.then(() => this.#follow());
    this.#switching = run.catch(() => undefined);
    return run;
  }

  async #follow(): Promise<ViewKind[]> {
    const next = await this.#d.generations.read();
    this.#lastPollOk = true;
    // A view without a runner (its start failed) counts as switched, so it is started again.
    const current = { ...next, ...this.generations() };
    const switched = this.views.filter(
      (v) => changedViews(current, next).includes(v) || !this.#runners.has(v),
    );
    for (const view of switched) {
      if (this.#closed) break;
      const old = this.#runners.get(view);
      this.#d.logger.info({ view, from: old?.generation, to: next[view] }, 'view generation switched');
      await old?.stop();
      this.#runners.delete(view);
      await this.#startRunner(view, next[view]);
    }
    return switched;
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
