// The processor: a balancing loop (list leases, create missing ones, acquire/steal per planBalancing), a renew
// loop (keep owned leases, notice handover requests and losses) and one PartitionProcessor per owned lease.
import type { Container, FeedRange } from '@azure/cosmos';
import type { Logger } from 'pino';
import { planBalancing } from '../lease/balancing.ts';
import { placementOf } from '../lease/colocation.ts';
import { describeError } from '../lease/cosmos-errors.ts';
import { bootstrapLeases } from '../lease/bootstrap.ts';
import { newLease, type LeaseDocument } from '../lease/lease-document.ts';
import { resolveLeaseFormat } from '../lease/lease-prefix.ts';
import { LeaseStore } from '../lease/lease-store.ts';
import { migrateOldLeases, needsMigration } from '../lease/migration.ts';
import { missingRanges } from '../lease/splitting.ts';
import type { ChangeFeedObserver, ProcessorStatus } from '../observability/observer.ts';
import { pause } from '../processing/backoff.ts';
import type { ChangeFeedHandler } from '../processing/handler.ts';
import type { ResolvedOptions } from './options.ts';
import { OwnedLeases } from './owned-leases.ts';

export interface ProcessorParts {
  readonly monitored: Container;
  readonly leases: Container;
  readonly processorName: string;
  readonly instanceName: string;
  readonly handler: ChangeFeedHandler<unknown>;
  readonly options: ResolvedOptions;
  readonly logger: Logger;
  readonly observer: ChangeFeedObserver | undefined;
}

export class ChangeFeedProcessor {
  readonly #p: ProcessorParts;
  readonly #store: LeaseStore;
  readonly #log: Logger;
  readonly #owned: OwnedLeases;
  #state: ProcessorStatus['state'] = 'stopped';
  #ranges: readonly FeedRange[] = [];
  #lastLeases: LeaseDocument[] = [];
  #lastBalancingAt: number | undefined;
  #balanceStop = new AbortController();
  #renewStop = new AbortController();
  #wake = new AbortController();
  #loops: Promise<void>[] = [];
  #stopping: Promise<void> | undefined;
  #starting: Promise<void> | undefined;
  #stopAfterStart: Promise<void> | undefined;

  constructor(parts: ProcessorParts) {
    this.#p = parts;
    this.#store = new LeaseStore(parts.leases);
    this.#log = parts.logger.child({ processor: parts.processorName, instance: parts.instanceName });
    this.#owned = new OwnedLeases({
      ...parts,
      store: this.#store,
      logger: this.#log,
      currentRanges: () => this.#ranges,
      wakeBalancer: () => this.#wake.abort(),
    });
  }

  get processorName(): string {
    return this.#p.processorName;
  }

  get instanceName(): string {
    return this.#p.instanceName;
  }

  /** Creates missing leases, takes a first share and starts the loops. Rejects if the first round fails. */
  async start(): Promise<void> {
    if (this.#state !== 'stopped') throw new Error(`processor is ${this.#state}`);
    this.#starting = this.#start();
    try {
      await this.#starting;
    } finally {
      this.#starting = undefined;
    }
  }

  async #start(): Promise<void> {
    this.#state = 'starting';
    this.#balanceStop = new AbortController();
    this.#renewStop = new AbortController();
    this.#loops = [this.#renewLoop()];
    try {
      await this.#initializeLeases();
      await this.#balance();
    } catch (error) {
      await this.#owned.releaseAll();
      this.#renewStop.abort();
      await Promise.all(this.#loops);
      this.#state = 'stopped';
      throw error;
    }
    this.#loops.push(this.#balanceLoop());
    this.#state = 'running';
    this.#log.info({ leases: this.#owned.statuses().length }, 'change feed processor started');
  }

  /** Stops balancing, lets handlers in flight finish (up to stopTimeoutMs), then frees the leases at once. */
  stop(): Promise<void> {
    // A stop asked for while starting (a shutdown during start-up) waits for the start, then stops, so the
    // loops the start is about to launch do not outlive it. A start that fails leaves nothing to stop.
    if (this.#state === 'starting' && this.#starting !== undefined) {
      this.#stopAfterStart ??= this.#starting
        .then(
          () => this.stop(),
          () => undefined,
        )
        .finally(() => {
          this.#stopAfterStart = undefined;
        });
      return this.#stopAfterStart;
    }
    if (this.#state === 'running') this.#stopping = this.#stop();
    return this.#stopping ?? Promise.resolve();
  }

  async #stop(): Promise<void> {
    this.#state = 'stopping';
    this.#balanceStop.abort();
    await this.#loops[1];
    // Followers stop following a placement that is about to go stale (they balance on their own meanwhile).
    if (this.#p.options.colocation?.role === 'anchor') this.#p.options.colocation.group.publish(undefined);
    await this.#owned.releaseAll(); // leases keep being renewed meanwhile
    this.#renewStop.abort();
    await Promise.all(this.#loops);
    this.#loops = [];
    this.#state = 'stopped';
    this.#log.info('change feed processor stopped');
  }

  getStatus(): ProcessorStatus {
    return {
      processorName: this.#p.processorName,
      instanceName: this.#p.instanceName,
      state: this.#state,
      leases: this.#owned.statuses(),
      allLeases: this.#lastLeases.map((l) => ({ leaseToken: l.leaseToken, owner: l.owner })),
      lastBalancingAt: this.#lastBalancingAt,
    };
  }

  async #balanceLoop(): Promise<void> {
    const stop = this.#balanceStop.signal;
    while (!stop.aborted) {
      this.#wake = new AbortController();
      await pause(this.#p.options.leaseAcquireIntervalMs, AbortSignal.any([stop, this.#wake.signal]));
      if (stop.aborted) return;
      try {
        await this.#balance();
      } catch (error) {
        this.#log.warn({ err: error }, `balancing round failed: ${describeError(error)}`);
      }
    }
  }

  /**
   * Lease ids depend on the monitored container's rid (the .NET processor's scheme), so they are worked out here;
   * then the store is initialized once for the whole fleet (bootstrap.ts), converting leases of the old format.
   */
  async #initializeLeases(): Promise<void> {
    const { monitored, processorName, options } = this.#p;
    const allVersions = options.mode === 'allVersionsAndDeletes';
    this.#store.use(await resolveLeaseFormat(monitored, processorName, allVersions, options.endpointHost));
    const prefix = this.#store.format.prefix;
    await bootstrapLeases(this.#p.leases, prefix, {
      pendingWork: () => needsMigration(this.#store, processorName),
      underLock: async (initialize) => {
        const migrated = await migrateOldLeases(this.#store, processorName, Date.now());
        if (migrated > 0) this.#log.info({ leases: migrated }, 'leases converted from the old format');
        if (initialize) await this.#createMissingLeases(await this.#store.list());
      },
      lockTtlSeconds: 30,
      pollMs: Math.min(1_000, options.leaseAcquireIntervalMs),
      sleep: (ms) => pause(ms, this.#renewStop.signal),
      now: Date.now,
    });
  }

  async #createMissingLeases(leases: LeaseDocument[]): Promise<void> {
    this.#ranges = await this.#p.monitored.getFeedRanges();
    for (const range of missingRanges(leases, this.#ranges)) {
      const created = await this.#store.createIfAbsent(
        newLease(this.#store.format.prefix, range, null, Date.now()),
      );
      if (created !== undefined) {
        this.#log.info({ lease: created.leaseToken }, 'lease created');
        leases.push(created);
      }
    }
  }

  /** One balancing round: see planBalancing for the rules. */
  async #balance(): Promise<void> {
    const { options, instanceName } = this.#p;
    const leases = await this.#store.list();
    await this.#createMissingLeases(leases);
    const now = Date.now();
    const { colocation } = options;
    const plan = planBalancing({
      leases,
      me: instanceName,
      held: this.#owned.busyIds(),
      now,
      leaseExpirationMs: options.leaseExpirationMs,
      maxLeasesPerInstance: options.maxLeasesPerInstance,
      ...(colocation?.role === 'follower'
        ? {
            placement: placementOf({
              snapshot: colocation.group.snapshot,
              now,
              leaseExpirationMs: options.leaseExpirationMs,
            }),
          }
        : {}),
    });
    this.#lastLeases = leases;
    this.#lastBalancingAt = Date.now();
    for (const lease of plan.release) await this.#owned.release(lease.id, 'over-capacity');
    for (const { lease, reason } of plan.acquire) {
      if (this.#balanceStop.signal.aborted) return;
      await this.#owned.acquire(lease, reason);
    }
    const asked =
      plan.requestHandover !== undefined && (await this.#owned.requestHandover(plan.requestHandover))
        ? plan.requestHandover.id
        : undefined;
    if (colocation?.role === 'anchor') this.#publishPlacement(leases, asked);
  }

  /**
   * The anchor's leases as listed this round, the ones it holds now written as its own (just acquired too), the
   * one it asked for this round as on its way here: the followers here ask for theirs in the same round.
   */
  #publishPlacement(leases: readonly LeaseDocument[], asked: string | undefined): void {
    const held = this.#owned.busyIds();
    const at = Date.now();
    const me = this.#p.instanceName;
    this.#p.options.colocation?.group.publish({
      at,
      leases: leases.map((l) =>
        held.has(l.id)
          ? { ...l, owner: me, timestamp: at }
          : l.id === asked
            ? { ...l, handoverTo: me, handoverAt: at }
            : l,
      ),
    });
  }

  async #renewLoop(): Promise<void> {
    const stop = this.#renewStop.signal;
    while (!stop.aborted) {
      await pause(this.#p.options.leaseRenewIntervalMs, stop);
      if (stop.aborted) return;
      // Not awaited: the ticks keep their cadence however long one lease's renewal takes (see renewDue).
      this.#owned.renewDue(this.#state === 'running');
    }
  }
}
