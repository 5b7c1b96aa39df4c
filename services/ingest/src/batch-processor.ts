import type { Container, JSONObject } from '@azure/cosmos';
import type { PartitionContext, ReceivedEventData } from '@azure/event-hubs';
import { toDeadLetter, type DeadLetter } from '@marquee/domain';
import type { Logger } from 'pino';
import { createDocuments } from '@marquee/platform';
import { classifyBatch } from './classify.ts';
import type { IngestMetrics } from './metrics.ts';

export interface BatchProcessorDeps {
  events: Container;
  deadLetters: Container;
  metrics: IngestMetrics;
  logger: Logger;
  now: () => Date;
}

/**
 * Handles one Event Hubs batch: validate, append the valid events, dead-letter the rest, and only then
 * checkpoint the last event. If the process dies anywhere before the checkpoint, the batch is read again
 * and every write in it is a harmless 409.
 */
export class BatchProcessor {
  readonly #deps: BatchProcessorDeps;

  constructor(deps: BatchProcessorDeps) {
    this.#deps = deps;
  }

  async process(
    received: ReceivedEventData[],
    context: PartitionContext,
    signal: AbortSignal,
  ): Promise<void> {
    const { metrics, logger, now } = this.#deps;
    const last = received.at(-1);
    if (last === undefined) return;
    const started = performance.now();
    const log = logger.child({ partitionId: context.partitionId });
    metrics.eventsIn.inc(received.length);

    const receivedAt = now();
    const { valid, invalid } = classifyBatch(received, context.partitionId, receivedAt);
    const onRetry = (n: number): void => void metrics.retries.inc(n);
    const outcomes = await createDocuments(this.#deps.events, valid as unknown as JSONObject[], {
      signal,
      logger: log,
      onRetry,
    });

    // A valid order the store refuses for good (too large, say) must not block its partition either.
    const refused: DeadLetter[] = [];
    let stored = 0;
    let duplicates = 0;
    outcomes.forEach((outcome, i) => {
      if (outcome.kind === 'created') stored++;
      else if (outcome.kind === 'exists') duplicates++;
      else {
        const event = valid[i];
        if (event)
          refused.push(toDeadLetter(event.data, [outcome.reason], { receivedAt, source: event.source }));
      }
    });
    const deadLetters = [...invalid, ...refused];
    if (deadLetters.length > 0) {
      // A dead letter that already exists is this same event read again: nothing to add.
      const written = await createDocuments(this.#deps.deadLetters, deadLetters as unknown as JSONObject[], {
        signal,
        logger: log,
        onRetry,
      });
      // The batch is checkpointed all the same, so this log line is all that is left of these events: name
      // each one by its Event Hubs position, from where it can be read again while the hub retains it.
      const lost = deadLetters.flatMap((letter, i) => {
        const outcome = written[i];
        return outcome?.kind === 'refused' ? [{ source: letter.source, reason: outcome.reason }] : [];
      });
      if (lost.length > 0) log.error({ lost }, 'dead letters refused by the store');
      for (const letter of invalid)
        log.warn({ deadLetterId: letter.id, reasons: letter.reasons }, 'event dead-lettered');
    }

    await context.updateCheckpoint(last);
    metrics.stored.inc(stored);
    metrics.duplicates.inc(duplicates);
    metrics.deadLettered.inc(deadLetters.length);
    metrics.batchSeconds.observe((performance.now() - started) / 1000);
    const enqueued = context.lastEnqueuedEventProperties?.sequenceNumber;
    if (enqueued !== undefined)
      metrics.lag.set({ partition: context.partitionId }, Math.max(0, enqueued - last.sequenceNumber));
    log.debug(
      { events: received.length, stored, duplicates, deadLettered: deadLetters.length },
      'batch checkpointed',
    );
  }
}
