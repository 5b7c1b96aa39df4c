// The change feed handler of one view generation. Per batch: keep the events the view folds (its definition's
// `events`), group them by the view doc they land in (the view definition's keys), and for each doc do one read-merge-write of THIS lease's partial of it
// (`g<n>.<doc>@<lease>`) that folds only the events the partial does not have yet (per-doc LSN filter, see
// views/batch-plan.ts). No two leases write the same partial, so in steady state nothing conflicts; only a
// takeover or a stale owner meets a 412, and the LSN filter settles it. Docs are written in parallel, a few at
// a time; the handler resolves only once every doc of the batch is written, and only then does the processor
// checkpoint. A crash at any point redelivers the batch, and the replay is a no-op for docs already written.
import type { ChangeFeedContext, LatestVersionChange } from '@marquee/change-feed-processor';
import {
  definitionOf,
  groupByKey,
  movieIdsOfAll,
  sortChanges,
  storedViewId,
  type AnyViewDefinition,
  type CategoryOf,
  type FoldContext,
  type OrderPlaced,
  type StoredViewDoc,
  type TelemetryEvent,
  type ViewDoc,
  type ViewKind,
} from '@marquee/domain';
import type { Logger } from 'pino';
import type { ProjectorMetrics } from '../metrics.ts';
import type { Quarantined, QuarantineSink, ViewStores } from '../store/index.ts';
import { planDocUpdate } from '../views/index.ts';
import { lingerAfter, pollWait, rangePhase, type BatchPacing } from './batch-pacing.ts';
import type { BatchTimes } from './batch-times.ts';
import type { RangeSlots } from './range-slots.ts';
import { forEachLimited } from './for-each-limited.ts';
import { inheritedPositions } from './inherited-positions.ts';
import { updateRanking } from './top-movies-ranking.ts';

export type FeedEvent = LatestVersionChange<OrderPlaced>;
/** Any event a view may fold, as the change feed delivers it. */
type FeedChange = LatestVersionChange<TelemetryEvent>;

export interface CategorySource {
  categoryOf: CategoryOf;
  ensureKnown(movieIds: Iterable<number>): Promise<void>;
}

export interface ViewProjectionDeps {
  view: ViewKind;
  generation: number;
  stores: ViewStores;
  /** Where events that cannot be counted exactly are set aside (then the batch moves on). */
  quarantine: QuarantineSink;
  catalog: CategorySource;
  timeZone: string;
  metrics: ProjectorMetrics;
  /** Docs of one batch written at the same time. */
  concurrency: number;
  /**
   * Shortest time between two batches of one lease: the handler waits out the rest before resolving, so that
   * under steady traffic each read gets a bigger page (fewer feed reads, checkpoints and view writes per event)
   * at the price of up to this much freshness. 0 = read again at once. See batch-pacing.ts for when it waits.
   */
  minBatchIntervalMs?: number;
  /** Longest interval under lighter steady traffic (see batch-pacing.ts); default minBatchIntervalMs. */
  freshBatchIntervalMs?: number;
  /** Shortest one, while batches are quick; default freshBatchIntervalMs (a fixed interval). */
  freshBatchIntervalMinMs?: number;
  /** The process's recent batch times, shared by its views (without: the longest fresh interval). */
  batchTimes?: BatchTimes;
  /** The processor's wait after an empty read: its polls end on a grid of it (without: the processor's own). */
  pollIntervalMs?: number;
  /** The next reads the process's views agreed on per range (without: each view's own grid point). */
  rangeSlots?: RangeSlots;
  /** A lease's events per second from which minBatchIntervalMs applies instead (default 500). */
  heavyEventsPerSecond?: number;
  /**
   * The changes asked of the store per response: a page holding that many had a full response in it, so the
   * lease is behind (catching up) and reads on at once.
   */
  fullPageItems?: number;
  now?: () => Date;
}

export interface BatchSummary {
  docs: number;
  written: number;
  applied: number;
  skipped: number;
  quarantined: number;
}

export class ViewProjection {
  readonly #d: ViewProjectionDeps;
  /** The view's key, fold and merge (libs/domain): what every batch applies. */
  readonly #definition: AnyViewDefinition<ViewDoc>;

  readonly #pacing: BatchPacing;
  /** When each lease's last batch started: the lease's traffic is its events over the time since. */
  readonly #lastBatchAt = new Map<string, number>();

  constructor(deps: ViewProjectionDeps) {
    this.#d = deps;
    this.#definition = definitionOf(deps.view);
    const minBatchIntervalMs = deps.minBatchIntervalMs ?? 0;
    const freshBatchIntervalMs = deps.freshBatchIntervalMs ?? minBatchIntervalMs;
    this.#pacing = {
      minBatchIntervalMs,
      freshBatchIntervalMs,
      freshBatchIntervalMinMs: deps.freshBatchIntervalMinMs ?? freshBatchIntervalMs,
      heavyEventsPerSecond: deps.heavyEventsPerSecond ?? 500,
      fullPageItems: deps.fullPageItems ?? Number.POSITIVE_INFINITY,
    };
  }

  /** For the processor: `(changes, context) => Promise<void>`. */
  readonly handle = async (
    changes: LatestVersionChange<unknown>[],
    context: ChangeFeedContext,
  ): Promise<void> => {
    const { view, metrics } = this.#d;
    const started = performance.now();
    await this.apply(changes, context);
    const elapsed = performance.now() - started;
    metrics.batches.inc({ view });
    metrics.batchSeconds.observe({ view }, elapsed / 1000);
    // Full pages (catching up) take as long as they are big: not a sign of contention.
    if (changes.length < this.#pacing.fullPageItems) this.#d.batchTimes?.observe(elapsed);
    const previous = this.#lastBatchAt.get(context.leaseToken);
    this.#lastBatchAt.set(context.leaseToken, started);
    const batch = {
      items: changes.length,
      elapsedMs: elapsed,
      sincePreviousMs: previous === undefined ? undefined : started - previous,
      endedAtMs: Date.now(),
      phase: rangePhase(context.leaseToken),
      recentBatchMs: this.#d.batchTimes?.recentMs ?? Number.POSITIVE_INFINITY,
    };
    // The wait comes after the checkpoint, not before it: at the grid point the views' next read goes out at
    // once, without five lease writes queued in front of it (see README "Freshness, hop by hop").
    const wanted = lingerAfter(this.#pacing, batch);
    const linger =
      this.#d.rangeSlots?.afterPage(context.leaseToken, context.lsn.maxLsn, batch.endedAtMs, wanted) ??
      wanted;
    if (linger > 0) context.readNextAfter(linger);
  };

  /** For the processor's `pollDelay`: after a read found the lease idle, wait for its range's next grid point. */
  readonly pollDelay = (leaseToken: string): number | undefined => {
    const { pollIntervalMs } = this.#d;
    if (pollIntervalMs === undefined) return undefined;
    const nowMs = Date.now();
    const wanted = pollWait(pollIntervalMs, { nowMs, phase: rangePhase(leaseToken) });
    return this.#d.rangeSlots?.afterIdle(leaseToken, nowMs, wanted) ?? wanted;
  };

  /**
   * Work a lease can do as soon as it is acquired rather than in its first batch, where it would delay the first
   * orders after a start or a takeover: list the lease as a writer (idempotent; the first batch registers again
   * if this failed). Listing a lease before it writes anything is what the writers list asks for anyway.
   */
  async prepare(leaseToken: string): Promise<void> {
    await this.#d.stores.writers.register(this.#d.view, this.#d.generation, leaseToken);
  }

  async apply(
    changes: readonly LatestVersionChange<unknown>[],
    context: Pick<ChangeFeedContext, 'leaseToken' | 'feedRange' | 'lsn'> & { logger?: Logger },
  ): Promise<BatchSummary> {
    const { view, generation, stores, catalog, timeZone, metrics } = this.#d;
    // Set aside first what the view cannot count: deterministic, so a redelivery sets aside the same again.
    const { countable: events, refused } = sortChanges<FeedChange>(
      this.#definition.events,
      changes,
      timeZone,
    );
    await this.#setAside(refused, context.logger);
    if (this.#definition.usesCatalog === true) await catalog.ensureKnown(movieIdsOfAll(events));
    // An item without _lsn (not seen from Cosmos) counts as the batch's last LSN: whole-batch granularity.
    const lsnOf = (e: FeedChange): number => (typeof e._lsn === 'number' ? e._lsn : context.lsn.maxLsn);
    const lease = { leaseToken: context.leaseToken, feedRange: context.feedRange };
    // Listed before its first partial is written, so readers merging the listed writers miss none.
    const ancestors =
      events.length === 0 ? [] : await stores.writers.register(view, generation, lease.leaseToken);
    const now = this.#d.now ?? (() => new Date());
    const summary: BatchSummary = { docs: 0, written: 0, applied: 0, skipped: 0, quarantined: 0 };
    const overflow: Quarantined[] = [];
    /** Each doc's own partial as this batch left it (written, or found holding the batch): top-movies' ranking. */
    const left = new Map<string, StoredViewDoc | undefined>();
    const ctx: FoldContext = { categoryOf: catalog.categoryOf, timeZone };
    const groups = [...groupByKey(this.#definition, events, ctx)];
    summary.docs = groups.length;
    await forEachLimited(groups, this.#d.concurrency, async ([docId, docEvents]) => {
      let applied = 0;
      let skipped = 0;
      let refusedHere: Quarantined[] = [];
      const id = storedViewId(generation, docId, lease.leaseToken);
      // After a split: what the parent ranges counted of this doc before it (see inherited-positions.ts).
      const inherited = await inheritedPositions(stores, ancestors, generation, docId, id);
      const result = await stores.docs.update(id, (current) => {
        const plan = planDocUpdate({
          inherited,
          definition: this.#definition,
          generation,
          docId,
          current,
          events: docEvents,
          lease,
          batchMaxLsn: context.lsn.maxLsn,
          lsnOf,
          ctx,
          now: now(),
        });
        left.set(docId, plan.write ? plan.next : current);
        applied = plan.write ? plan.applied.length : 0;
        refusedHere = plan.overflow.map((o) => ({ ...o, view }));
        skipped = plan.write ? docEvents.length - applied - refusedHere.length : plan.skipped;
        return plan.write ? plan.next : undefined;
      });
      if (result !== 'unchanged') summary.written += 1;
      summary.applied += applied;
      summary.skipped += skipped;
      overflow.push(...refusedHere);
    });
    // After the doc write: a crash in between loses this record (not a count); see README "Quarantine".
    await this.#setAside(overflow, context.logger);
    if (view === 'top-movies') {
      // Top movies folds orders only (its definition's `events`), so these are orders.
      const orders = events as readonly OrderPlaced[];
      const ranking = {
        generation,
        leaseToken: lease.leaseToken,
        events: orders,
        concurrency: this.#d.concurrency,
        own: left,
      };
      await updateRanking(stores, { ...ranking, now: now() });
    }
    summary.quarantined = refused.length + overflow.length;
    metrics.eventsApplied.inc({ view }, summary.applied);
    if (summary.skipped > 0) metrics.eventsSkipped.inc({ view }, summary.skipped);
    return summary;
  }

  async #setAside(items: readonly Quarantined[], logger: Logger | undefined): Promise<void> {
    if (items.length === 0) return;
    const { view, quarantine, metrics } = this.#d;
    const created = await quarantine.put(items);
    items.forEach((q, i) => {
      if (!created[i]) return; // set aside before (a redelivery, or another view): counted then
      // `all`: an order no view can count, one record for the four views; else the one view that refused it.
      metrics.eventsQuarantined.inc({ view: q.view ?? 'all' });
      logger?.warn(
        { view, eventId: q.event.id, reason: q.reason },
        'event set aside: it cannot be counted exactly',
      );
    });
  }
}
