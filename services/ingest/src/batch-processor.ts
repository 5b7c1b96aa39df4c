import type { Container, JSONObject } from '@azure/cosmos';
import type { PartitionContext, ReceivedEventData } from '@azure/event-hubs';
import { toDeadLetter, type DeadLetter } from '@marquee/domain';
import type { Logger } from 'pino';
import { createDocuments } from '@marquee/platform';
import { classifyBatch } from './classify.ts';
import type { CheckpointPacing } from './checkpoint-pacing.ts';
import type { DeadLetterWriter } from './dead-letter-writer.ts';
import type { IngestMetrics } from './metrics.ts';

export interface BatchProcessorDeps {
  events: Container;
  deadLetters: DeadLetterWriter;
  /** Decides when a done batch's position is checkpointed (after it, never before). */
  checkpoints: CheckpointPacing;
  metrics: IngestMetrics;
  logger: Logger;
  now: () => Date;
  /** The type of events that declare none (see classifyBatch); undefined: every event must declare one. */
  defaultType: string | undefined;
  /** Recorded in each event's source and dead-letter id when ingest consumes several hubs. */
  eventHub?: string;
}

/**
 * Handles one Event Hubs batch: validate, append the valid events, dead-letter the rest, and only then
 * hand the last event to the checkpoint pacing (written now, or within a second: checkpoint-pacing.ts). If the
 * process dies anywhere before the checkpoint, the batch is read again and every write in it is a harmless 409. A failure that would recur on every retry (an event the store
 * refuses, one the SDK cannot serialise) dead-letters that event; only a failure of the store as a whole
 * is thrown, leaving the batch unacknowledged.
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
    const incoming = received.map((event) => ({
      body: event.body as unknown,
      bodyType: event.getRawAmqpMessage().bodyType,
      sequenceNumber: event.sequenceNumber,
      offset: event.offset,
      properties: event.properties,
    }));
    const { valid, validRaw, invalid } = classifyBatch(incoming, context.partitionId, receivedAt, {
      defaultType: this.#deps.defaultType,
      eventHub: this.#deps.eventHub,
    });
    const outcomes = await createDocuments(this.#deps.events, valid as unknown as JSONObject[], {
      signal,
      logger: log,
      onRetry: (n) => void metrics.retries.inc(n),
      spread: true, // events are partitioned by their id
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
          refused.push(toDeadLetter(validRaw[i], [outcome.reason], { receivedAt, source: event.source }));
      }
    });
    const deadLetters = [...invalid, ...refused];
    if (deadLetters.length > 0) {
      // A dead letter that already exists is this same event read again: nothing to add.
      await this.#deps.deadLetters.write(deadLetters, signal, log);
      for (const letter of deadLetters)
        log.warn({ deadLetterId: letter.id, reasons: letter.reasons.slice(0, 3) }, 'event dead-lettered');
    }

    await this.#deps.checkpoints.done(context, last, received.length);
    metrics.stored.inc(stored);
    metrics.duplicates.inc(duplicates);
    metrics.deadLettered.inc(deadLetters.length);
    for (const letter of deadLetters) metrics.deadLettersByReason.inc({ reason: letter.reasonGroup });
    metrics.batchSeconds.observe((performance.now() - started) / 1000);
    log.debug(
      { events: received.length, stored, duplicates, deadLettered: deadLetters.length },
      'batch checkpointed',
    );
  }
}
