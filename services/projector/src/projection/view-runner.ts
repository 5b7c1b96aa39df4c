// One view generation being projected: the change feed processor `projector.<view>.g<n>` over `events`, with a
// ViewProjection as its handler. start() takes a share of the leases; stop() lets batches in flight finish and
// checkpoint, then frees the leases for the other replicas (or the next generation's processor).
import type { Container } from '@azure/cosmos';
import {
  createChangeFeedProcessor,
  type ChangeFeedObserver,
  type ChangeFeedProcessor,
  type ColocationOption,
  type ProcessorStatus,
  type SharedFeedReads,
} from '@marquee/change-feed-processor';
import { withoutUnreadFields, type ViewKind } from '@marquee/domain';
import type { Logger } from 'pino';
import type { ProjectorMetrics } from '../metrics.ts';
import type { ViewStores, QuarantineSink } from '../store/index.ts';
import { processorNameOf } from '../views/index.ts';
import type { BatchTimes } from './batch-times.ts';
import type { RangeSlots } from './range-slots.ts';
import { ViewProjection, type CategorySource } from './view-projection.ts';

export interface ProcessorSettings {
  pollIntervalMs: number;
  leaseRenewIntervalMs: number;
  leaseExpirationMs: number;
  leaseAcquireIntervalMs: number;
  maxItemCount: number;
  /** Changes per store request (default maxItemCount): see the change feed processor's readItemCount. */
  readItemCount?: number;
  stopTimeoutMs: number;
  /** See ViewProjectionDeps.minBatchIntervalMs and projection/batch-pacing.ts. */
  minBatchIntervalMs: number;
  /** Default minBatchIntervalMs. */
  freshBatchIntervalMs?: number;
  /** Default freshBatchIntervalMs. */
  freshBatchIntervalMinMs?: number;
  heavyEventsPerSecond?: number;
  /** A lease with work in hand and no progress for this long is reported stalled (/readyz, metrics). */
  stallThresholdMs: number;
}

export interface ViewRunnerDeps {
  view: ViewKind;
  generation: number;
  events: Container;
  leases: Container;
  instanceName: string;
  stores: ViewStores;
  quarantine: QuarantineSink;
  catalog: CategorySource;
  timeZone: string;
  writeConcurrency: number;
  settings: ProcessorSettings;
  metrics: ProjectorMetrics;
  logger: Logger;
  /** Extra observer (a rebuild watches for every lease reaching the head). */
  observer?: ChangeFeedObserver;
  /** Feed pages shared with the other views' processors of this replica: each page read once for all. */
  sharedReads?: SharedFeedReads;
  /** Batch times shared with the other views of this replica (batch pacing follows them). */
  batchTimes?: BatchTimes;
  /** The next reads per range, agreed by the process's views (Projector: one for all views). */
  rangeSlots?: RangeSlots;
  /** Its leases placed with the other views' of the same range, fleet-wide (Projector: one anchor view). */
  colocation?: ColocationOption;
}

export class ViewRunner {
  readonly view: ViewKind;
  readonly generation: number;
  readonly processor: ChangeFeedProcessor;

  constructor(d: ViewRunnerDeps) {
    this.view = d.view;
    this.generation = d.generation;
    const projection = new ViewProjection({
      view: d.view,
      generation: d.generation,
      stores: d.stores,
      quarantine: d.quarantine,
      catalog: d.catalog,
      timeZone: d.timeZone,
      metrics: d.metrics,
      concurrency: d.writeConcurrency,
      minBatchIntervalMs: d.settings.minBatchIntervalMs,
      freshBatchIntervalMs: d.settings.freshBatchIntervalMs,
      freshBatchIntervalMinMs: d.settings.freshBatchIntervalMinMs,
      ...(d.batchTimes === undefined ? {} : { batchTimes: d.batchTimes }),
      ...(d.rangeSlots === undefined ? {} : { rangeSlots: d.rangeSlots }),
      pollIntervalMs: d.settings.pollIntervalMs,
      heavyEventsPerSecond: d.settings.heavyEventsPerSecond,
      // Pages are filled from responses of readItemCount: one that holds a full response means catching up.
      fullPageItems: d.settings.readItemCount ?? d.settings.maxItemCount,
    });
    const prepare: ChangeFeedObserver = {
      leaseAcquired: ({ leaseToken }) =>
        void projection.prepare(leaseToken).catch((err: unknown) => {
          d.logger.warn(
            { err, leaseToken },
            'could not list the lease as a writer yet (its first batch will)',
          );
        }),
    };
    const observers = [d.metrics.observerFor(d.view), prepare, ...(d.observer ? [d.observer] : [])];
    this.processor = createChangeFeedProcessor<unknown>({
      monitoredContainer: d.events,
      leaseContainer: d.leases,
      processorName: processorNameOf(d.view, d.generation),
      instanceName: d.instanceName,
      handler: projection.handle,
      options: {
        startFrom: 'beginning',
        maxItemCount: d.settings.maxItemCount,
        ...(d.settings.readItemCount === undefined ? {} : { readItemCount: d.settings.readItemCount }),
        pollIntervalMs: d.settings.pollIntervalMs,
        pollDelay: projection.pollDelay,
        leaseRenewIntervalMs: d.settings.leaseRenewIntervalMs,
        leaseExpirationMs: d.settings.leaseExpirationMs,
        leaseAcquireIntervalMs: d.settings.leaseAcquireIntervalMs,
        stopTimeoutMs: d.settings.stopTimeoutMs,
        stallThresholdMs: d.settings.stallThresholdMs,
        retry: { initialMs: 100, maxMs: 5_000 },
        logger: d.logger,
        metrics: combine(observers),
        ...(d.sharedReads === undefined ? {} : { sharedReads: d.sharedReads }),
        ...(d.colocation === undefined ? {} : { colocation: d.colocation }),
        // Pages wait in memory while the views apply them: without the order fields no view reads, they
        // take ~40% less heap (README "Memory"; issue 15: the projector under 200 MiB in a 100k burst).
        trimChange: withoutUnreadFields,
      },
    });
  }

  get name(): string {
    return this.processor.processorName;
  }

  start(): Promise<void> {
    return this.processor.start();
  }

  stop(): Promise<void> {
    return this.processor.stop();
  }

  status(): ProcessorStatus {
    return this.processor.getStatus();
  }
}

/** One observer that forwards every call to several. */
function combine(observers: readonly ChangeFeedObserver[]): ChangeFeedObserver {
  const forward =
    <K extends keyof ChangeFeedObserver>(method: K) =>
    (event: Parameters<NonNullable<ChangeFeedObserver[K]>>[0]): void => {
      for (const o of observers) (o[method] as ((e: typeof event) => void) | undefined)?.call(o, event);
    };
  return {
    leaseAcquired: forward('leaseAcquired'),
    leaseReleased: forward('leaseReleased'),
    leaseLost: forward('leaseLost'),
    batchProcessed: forward('batchProcessed'),
    handlerFailed: forward('handlerFailed'),
    operationFailed: forward('operationFailed'),
    idle: forward('idle'),
    leaseStalled: forward('leaseStalled'),
    leaseRecovered: forward('leaseRecovered'),
  };
}
