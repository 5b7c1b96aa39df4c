// Reads how far each partition this process owns has been written, so that lag counts the events waiting
// behind the batch in hand. The subscription could report it with every event (trackLastEnqueuedEventProperties),
// but that puts four delivery annotations on every message: a quarter of its bytes and about half of the SDK's
// work decoding it, for a figure that the metrics and the status document read every few seconds. One
// `getPartitionProperties` per owned partition and interval costs nothing by comparison.
import type { EventHubConsumerClient } from '@azure/event-hubs';
import type { Logger } from 'pino';
import type { PartitionProgress } from './partition-progress.ts';

export interface LagPollerOptions {
  client: Pick<EventHubConsumerClient, 'getPartitionProperties'>;
  progress: PartitionProgress;
  /** The id progress reports a partition under (hub-prefixed when several hubs are consumed). */
  key: (partitionId: string) => string;
  now: () => number;
  logger: Logger;
  intervalMs: number;
}

export class LagPoller {
  readonly #options: LagPollerOptions;
  readonly #owned = new Set<string>();
  readonly #abort = new AbortController();
  #timer: NodeJS.Timeout | undefined;
  #round: Promise<void> = Promise.resolve();

  constructor(options: LagPollerOptions) {
    this.#options = options;
  }

  owned(partitionId: string): void {
    this.#owned.add(partitionId);
  }

  released(partitionId: string): void {
    this.#owned.delete(partitionId);
  }

  start(): void {
    if (this.#abort.signal.aborted) return;
    this.#timer = setTimeout(() => {
      this.#round = this.#poll().finally(() => this.start());
    }, this.#options.intervalMs);
    // Only a reading: it never keeps the process alive.
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    this.#abort.abort();
    clearTimeout(this.#timer);
    await this.#round;
  }

  async #poll(): Promise<void> {
    const { client, progress, key, now, logger } = this.#options;
    for (const partitionId of [...this.#owned]) {
      try {
        const properties = await client.getPartitionProperties(partitionId, {
          abortSignal: this.#abort.signal,
        });
        // A partition released meanwhile is another replica's to report.
        if (properties.isEmpty || !this.#owned.has(partitionId)) continue;
        progress.received(key(partitionId), undefined, properties.lastEnqueuedSequenceNumber, now());
      } catch (err) {
        if (this.#abort.signal.aborted) return;
        // The last figure stands until the next round; a hub that cannot be reached shows in the batches.
        logger.debug({ err, partitionId }, 'could not read partition properties');
      }
    }
  }
}
