// When a partition's checkpoint is written. Always after the work (the batch stored and dead-lettered), but not
// after every batch: at 1,000 orders/s over 4 partitions a receive batch holds 10–30 events, and a blob write per
// batch (~80 a second) cost ingest and Azurite CPU and held each partition's next batch back by a round trip.
// A partition is checkpointed once `intervalMs` has passed since its last checkpoint, or once `maxEvents` done
// events wait for one; in between, the last done event is remembered. Losing that on a crash costs only a
// redelivery of at most that much, which ingest's create-only appends turn into 409s. What is done but not
// checkpointed is written when the partition goes idle (an empty receive), when the subscription closes the
// partition (an error, or SIGTERM's drain, which calls flushAll), never after the partition went to another
// owner (that owner reads on from the last checkpoint).
import type { PartitionContext, ReceivedEventData } from '@azure/event-hubs';

export interface CheckpointPacingOptions {
  /** Longest time between two checkpoints of a busy partition; 0: after every batch. */
  intervalMs: number;
  /** Done events after which a partition is checkpointed whatever the time. */
  maxEvents: number;
  now: () => number;
  /** Called after each checkpoint written (metrics). */
  onCheckpoint?: () => void;
}

interface Pending {
  context: PartitionContext;
  event: ReceivedEventData;
  events: number;
}

export class CheckpointPacing {
  readonly #options: CheckpointPacingOptions;
  readonly #pending = new Map<string, Pending>();
  readonly #lastAt = new Map<string, number>();

  constructor(options: CheckpointPacingOptions) {
    this.#options = options;
  }

  /** A batch ending with `last` is done (stored, dead letters written): checkpoint now or later. */
  async done(context: PartitionContext, last: ReceivedEventData, events: number): Promise<void> {
    const { partitionId } = context;
    const waiting = (this.#pending.get(partitionId)?.events ?? 0) + events;
    const since = this.#options.now() - (this.#lastAt.get(partitionId) ?? Number.NEGATIVE_INFINITY);
    if (since >= this.#options.intervalMs || waiting >= this.#options.maxEvents) {
      await this.#write(partitionId, context, last);
    } else {
      this.#pending.set(partitionId, { context, event: last, events: waiting });
    }
  }

  /** Writes the partition's done-but-not-checkpointed position, if any (idle partition, partition closing). */
  async flush(partitionId: string): Promise<void> {
    const pending = this.#pending.get(partitionId);
    if (pending !== undefined) await this.#write(partitionId, pending.context, pending.event);
  }

  /** Every partition's (graceful stop, after the batches in flight finished). */
  async flushAll(): Promise<void> {
    await Promise.all([...this.#pending.keys()].map((id) => this.flush(id)));
  }

  /** Another owner has the partition: what we did past our checkpoint it reads again (409s), never skips. */
  released(partitionId: string): void {
    this.#pending.delete(partitionId);
    this.#lastAt.delete(partitionId);
  }

  /** Done events not yet checkpointed, per partition (tests, logs). */
  get uncheckpointed(): Map<string, number> {
    return new Map([...this.#pending].map(([id, p]) => [id, p.events]));
  }

  async #write(partitionId: string, context: PartitionContext, event: ReceivedEventData): Promise<void> {
    const pending = this.#pending.get(partitionId);
    await context.updateCheckpoint(event);
    // A later batch may have become pending while this write was out: only forget what was written.
    if (this.#pending.get(partitionId) === pending) this.#pending.delete(partitionId);
    this.#lastAt.set(partitionId, this.#options.now());
    this.#options.onCheckpoint?.();
  }
}
