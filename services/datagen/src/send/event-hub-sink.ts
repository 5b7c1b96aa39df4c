// The Event Hubs edge: turns a group of generated events into as few `sendBatch` calls as the batch limits allow
// (events per batch, and the batch's byte limit checked by `tryAdd`), retrying transient failures with backoff.
// A send that still fails is thrown, never skipped: the caller stops and reports it.
import type { EventData, EventHubProducerClient } from '@azure/event-hubs';
import { isTransient, retry } from '@marquee/platform';
import type { Logger } from '@marquee/platform';
import type { GeneratedEvent } from '../generate/index.ts';

export interface EventHubSinkOptions {
  logger: Logger;
  /** Attempts after the first, per batch; default 8 (about 30 s of backoff at most). */
  retries?: number;
  baseMs?: number;
  maxMs?: number;
  /** Called for each retry, e.g. to count them. */
  onRetry?: (err: unknown, attempt: number) => void;
}

/** Event Hubs errors say themselves whether another try can help; network and HTTP-style codes are covered too. */
export function isRetryableSendError(err: unknown): boolean {
  const retryable = (err as { retryable?: unknown } | null)?.retryable;
  if (typeof retryable === 'boolean') return retryable;
  return isTransient(err);
}

/**
 * Client options for the producer. The SDK's own retries are kept short (by default it waits 30 s, then 60 s,
 * between tries): ours, around them, log each failure and back off, so an unreachable namespace is reported in
 * seconds, not minutes.
 */
export const PRODUCER_OPTIONS = {
  retryOptions: { maxRetries: 2, timeoutInMs: 10_000, retryDelayInMs: 200, maxRetryDelayInMs: 2_000 },
};

/** What a sink sends: the bytes, and the application properties that say what they are (clickstream). */
export type Sendable = Pick<GeneratedEvent, 'body'> & { properties?: Record<string, string | number> };

const toEventData = (event: Sendable): EventData =>
  event.properties === undefined
    ? { body: event.body, contentType: 'application/json' }
    : { body: event.body, contentType: 'application/json', properties: event.properties };

export class EventHubSink {
  readonly #producer: EventHubProducerClient;
  readonly #options: EventHubSinkOptions;

  constructor(producer: EventHubProducerClient, options: EventHubSinkOptions) {
    this.#producer = producer;
    this.#options = options;
  }

  async #withRetry<T>(what: string, fn: () => Promise<T>): Promise<T> {
    const { logger, retries = 8, baseMs = 100, maxMs = 5_000, onRetry } = this.#options;
    return retry(fn, {
      retries,
      baseMs,
      maxMs,
      isRetryable: isRetryableSendError,
      onRetry: (err, attempt, delayMs) => {
        logger.warn({ err, attempt, delayMs }, `${what} failed; retrying`);
        onRetry?.(err, attempt);
      },
    });
  }

  /**
   * Opens the send link before the clock starts: a missing hub or a refused credential fails here, at once,
   * and connecting does not pile up tokens for a burst. A stop while still connecting just ends the run.
   */
  async open(stop: AbortSignal): Promise<void> {
    const { logger } = this.#options;
    try {
      await retry(() => this.#producer.createBatch({ abortSignal: stop }), {
        retries: 3,
        baseMs: 500,
        isRetryable: isRetryableSendError,
        signal: stop,
        onRetry: (err, attempt, delayMs) =>
          logger.warn({ err, attempt, delayMs }, 'connecting failed; retrying'),
      });
    } catch (err) {
      if (!stop.aborted) throw err;
    }
  }

  /**
   * Sends the group; `onSent` is called with each batch's events once the service has accepted that batch, so
   * what is recorded as sent is exactly what was.
   */
  async send<E extends Sendable = GeneratedEvent>(
    group: { partitionKey: string | undefined; events: readonly E[] },
    onSent: (events: E[]) => Promise<void> | void,
  ): Promise<void> {
    const batchOptions = group.partitionKey === undefined ? {} : { partitionKey: group.partitionKey };
    let index = 0;
    while (index < group.events.length) {
      const batch = await this.#withRetry('createBatch', () => this.#producer.createBatch(batchOptions));
      const start = index;
      while (index < group.events.length && batch.tryAdd(toEventData(group.events[index] as E))) {
        index++;
      }
      if (index === start) {
        const event = group.events[index] as E & { seq?: number };
        throw new Error(
          `event seq ${event.seq ?? index} (${event.body.length} bytes) does not fit in an empty batch of ${batch.maxSizeInBytes} bytes`,
        );
      }
      await this.#withRetry('sendBatch', () => this.#producer.sendBatch(batch));
      await onSent(group.events.slice(start, index));
    }
  }
}
