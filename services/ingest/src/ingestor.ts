import type { CheckpointStore, EventHubConsumerClient } from '@azure/event-hubs';
import {
  CloseReason,
  earliestEventPosition,
  latestEventPosition,
  type ReceivedEventData,
  type Subscription,
} from '@azure/event-hubs';
import type { Logger } from 'pino';
import { BalancingWatch } from './balancing-watch.ts';
import type { BatchProcessor } from './batch-processor.ts';
import type { CheckpointPacing } from './checkpoint-pacing.ts';
import { LagPoller } from './lag-poller.ts';
import type { PartitionProgress } from './partition-progress.ts';

export interface IngestorOptions {
  client: EventHubConsumerClient;
  processor: BatchProcessor;
  /** The processor's checkpoint pacing: flushed when a partition idles or closes, and on close(). */
  checkpoints: CheckpointPacing;
  progress: PartitionProgress;
  logger: Logger;
  now: () => number;
  maxBatchSize: number;
  prefetchCount: number;
  maxWaitTimeInSeconds: number;
  startPosition: 'earliest' | 'latest';
  /** Prefixes the partition ids progress is reported under, when several hubs are consumed. */
  hub?: string;
  /** How long close() lets in-flight batches finish before it aborts them (they are then read again). */
  drainTimeoutMs: number;
  /** How often the last enqueued sequence number of each owned partition is read (lag; see LagPoller). */
  lagPollMs: number;
  /** Restarts the subscription when the SDK's load-balancing loop stops renewing ownership (BalancingWatch). */
  balancing?: {
    checkpointStore: Pick<CheckpointStore, 'listOwnership'>;
    consumerGroup: string;
    intervalMs: number;
    stalledAfterMs: number;
    onRestart: () => void;
  };
}

/**
 * Runs the Event Hubs subscription. Partitions are shared with other replicas through the checkpoint
 * store's ownership records. close() drains: no new batch starts, the batches in flight finish and
 * checkpoint, then the subscription closes. The client is not closed here: whoever created it (main.ts)
 * closes it afterwards, as the Azure samples do (the subscription first, then the client).
 */
export class Ingestor {
  readonly #options: IngestorOptions;
  readonly #inFlight = new Set<Promise<void>>();
  readonly #abort = new AbortController();
  #subscription: Subscription | undefined;
  #lag: LagPoller | undefined;
  #watch: BalancingWatch | undefined;
  #draining = false;

  constructor(options: IngestorOptions) {
    this.#options = options;
  }

  get running(): boolean {
    return this.#subscription?.isRunning === true && !this.#draining;
  }

  /** How long this subscription's ownership records have gone without a renewal (0 when they are renewed). */
  get balancingStalledForMs(): number {
    return this.#watch?.stalledForMs() ?? 0;
  }

  start(): void {
    const { client, progress, logger, now, balancing } = this.#options;
    const lag = new LagPoller({
      client,
      progress,
      key: this.#key,
      now,
      logger,
      intervalMs: this.#options.lagPollMs,
    });
    this.#lag = lag;
    this.#subscribe(lag);
    lag.start();
    if (balancing) {
      this.#watch = new BalancingWatch({
        ...balancing,
        client,
        now,
        logger,
        restart: async () => {
          // Closing stops the stuck loop (its wait is aborted) and its partitions checkpoint what is done.
          await this.#subscription
            ?.close()
            .catch((err: unknown) => logger.warn({ err }, 'closing the stuck subscription failed'));
          if (!this.#draining) this.#subscribe(lag);
        },
      });
      this.#watch.start();
    }
    logger.info('subscribed');
  }

  // Partition "0" of two hubs are two partitions: progress and its metrics label them `hub/0`.
  readonly #key = (partitionId: string): string =>
    this.#options.hub === undefined ? partitionId : `${this.#options.hub}/${partitionId}`;

  #subscribe(lag: LagPoller): void {
    const { client, processor, checkpoints, progress, logger, now } = this.#options;
    const key = this.#key;
    this.#subscription = client.subscribe(
      {
        processEvents: async (events, context) => {
          // What is enqueued is at least this batch; LagPoller adds what waits behind it.
          progress.received(
            key(context.partitionId),
            events[0]?.sequenceNumber,
            events.at(-1)?.sequenceNumber,
            now(),
          );
          // Returning early on an empty batch (the wait time elapsed) and once draining: an event not
          // processed here is not checkpointed, so the next owner of the partition reads it again. An idle
          // partition's done events get their checkpoint now rather than at the next busy second.
          if (events.length === 0 && !this.#draining) await checkpoints.flush(context.partitionId);
          if (events.length === 0 || this.#draining) return;
          const work = processor.process(events, context, this.#abort.signal);
          this.#inFlight.add(work);
          try {
            await work;
            progress.checkpointed(
              key(context.partitionId),
              (events.at(-1) as ReceivedEventData).sequenceNumber,
              now(),
            );
          } catch (err) {
            if (this.#abort.signal.aborted) return;
            // A store error that is neither transient nor about one document (a 401 or 403 on the whole
            // request, say) or a checkpoint-store failure. processError logs it; as the error is not marked
            // retryable, the SDK closes the partition and reopens it from its checkpoint on the next
            // balancing cycle, so the batch is read again.
            throw err;
          } finally {
            this.#inFlight.delete(work);
          }
        },
        processError: async (err, context) => {
          logger.warn({ err, partitionId: context.partitionId }, 'event hubs processing error');
        },
        processInitialize: async (context) => {
          lag.owned(context.partitionId);
          logger.info({ partitionId: context.partitionId }, 'partition claimed');
        },
        processClose: async (reason, context) => {
          lag.released(context.partitionId);
          // After an error the SDK closes with Shutdown and reopens the partition here: its stall goes on.
          if (reason === CloseReason.OwnershipLost) {
            progress.released(key(context.partitionId));
            checkpoints.released(context.partitionId);
          } else {
            // What is done gets its checkpoint, so the partition reopens (or the next owner starts) past it.
            await checkpoints
              .flush(context.partitionId)
              .catch((err: unknown) =>
                logger.warn({ err, partitionId: context.partitionId }, 'checkpoint on close failed'),
              );
          }
          logger.info({ partitionId: context.partitionId, reason }, 'partition released');
        },
      },
      {
        maxBatchSize: this.#options.maxBatchSize,
        prefetchCount: this.#options.prefetchCount,
        maxWaitTimeInSeconds: this.#options.maxWaitTimeInSeconds,
        startPosition:
          this.#options.startPosition === 'earliest' ? earliestEventPosition : latestEventPosition,
        // Not tracked per event: the runtime metric is four more annotations on every message (a quarter
        // of its bytes, about half of its decoding in the SDK); LagPoller reads the same figure per partition.
        trackLastEnqueuedEventProperties: false,
        // Bodies stay raw bytes: validation parses them, and a malformed one is dead-lettered verbatim.
        skipParsingBodyAsJson: true,
      },
    );
  }

  async close(): Promise<void> {
    this.#draining = true;
    const { logger } = this.#options;
    // A restart in progress ends first, so the subscription closed below is the last one.
    await this.#watch?.stop();
    logger.info({ inFlight: this.#inFlight.size }, 'draining');
    let timer: NodeJS.Timeout | undefined;
    const drained = Promise.allSettled([...this.#inFlight]).then(() => true);
    const timedOut = new Promise<false>(
      (resolve) => (timer = setTimeout(() => resolve(false), this.#options.drainTimeoutMs)),
    );
    if (!(await Promise.race([drained, timedOut]))) {
      logger.warn('in-flight batches did not finish in time; aborting them without a checkpoint');
      this.#abort.abort(new Error('ingest stopped'));
      await drained;
    }
    clearTimeout(timer);
    await this.#lag?.stop();
    // Batches done since their partition's last checkpoint (at most a second's worth each).
    await this.#options.checkpoints
      .flushAll()
      .catch((err: unknown) =>
        logger.warn({ err }, 'final checkpoints failed; those batches will be read again'),
      );
    await this.#subscription?.close();
    logger.info('subscription closed');
  }
}
