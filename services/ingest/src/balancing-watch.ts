// Watches the SDK's load-balancing loop through the ownership records it must renew (OwnershipRenewals says why
// it can get stuck) and has the subscription restarted when it stops renewing them. A restart closes the
// subscription (its partitions checkpoint what is done, as at any close) and subscribes again with the same owner
// id, so the new loop takes its own records back at once and claims what has expired.
import type { CheckpointStore, EventHubConsumerClient } from '@azure/event-hubs';
import type { Logger } from 'pino';
import { OwnershipRenewals } from './ownership-renewals.ts';

export interface BalancingWatchOptions {
  client: Pick<EventHubConsumerClient, 'fullyQualifiedNamespace' | 'eventHubName' | 'identifier'>;
  checkpointStore: Pick<CheckpointStore, 'listOwnership'>;
  consumerGroup: string;
  /** How often the records are read: the load-balancing interval. */
  intervalMs: number;
  /** No renewal of ours for this long: stuck. */
  stalledAfterMs: number;
  now: () => number;
  logger: Logger;
  /** Closes the subscription and subscribes again. */
  restart: () => Promise<void>;
  onRestart: () => void;
}

export class BalancingWatch {
  readonly #options: BalancingWatchOptions;
  readonly #renewals: OwnershipRenewals;
  #stopped = false;
  #timer: NodeJS.Timeout | undefined;
  #round: Promise<void> = Promise.resolve();

  constructor(options: BalancingWatchOptions) {
    this.#options = options;
    this.#renewals = new OwnershipRenewals(options.stalledAfterMs, options.now());
  }

  /** How long our ownership records have gone without a renewal (0 while renewed, or holding none). */
  stalledForMs(): number {
    return this.#renewals.stalledForMs(this.#options.now());
  }

  start(): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      this.#round = this.#check().finally(() => this.start());
    }, this.#options.intervalMs);
    this.#timer.unref();
  }

  /** Stops watching; waits for a check (and a restart) in progress. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#round;
  }

  async #check(): Promise<void> {
    const { client, checkpointStore, consumerGroup, now, logger } = this.#options;
    try {
      const records = await checkpointStore.listOwnership(
        client.fullyQualifiedNamespace,
        client.eventHubName,
        consumerGroup,
      );
      this.#renewals.observe(records, client.identifier, now());
    } catch (err) {
      // The checkpoint store unreachable is not the loop's fault: the batches' checkpoints show it.
      logger.debug({ err }, 'could not read partition ownership');
      return;
    }
    if (this.#stopped || !this.#renewals.due(now())) return;
    logger.warn(
      { stalledForMs: this.#renewals.stalledForMs(now()) },
      'load balancing stuck (no ownership renewed): subscribing again',
    );
    this.#renewals.restarted(now());
    this.#options.onRestart();
    // Never rejects: the next check (this one's `finally`) must run, and a stuck loop is tried again later.
    await this.#options.restart().catch((err: unknown) => logger.warn({ err }, 'subscribing again failed'));
  }
}
