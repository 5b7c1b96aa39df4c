import {
  toDeadLetter,
  toStoredEvent,
  validateOrder,
  type DeadLetter,
  type EventSource,
  type StoredEvent,
} from '@marquee/domain';

/** What ingest needs of a received Event Hubs event (a subset of the SDK's ReceivedEventData). */
export interface IncomingEvent {
  body: unknown;
  /** The AMQP section the body came in (the SDK's `getRawAmqpMessage().bodyType`); `data` when absent. */
  bodyType?: 'data' | 'sequence' | 'value' | undefined;
  sequenceNumber: number;
  offset: string;
}

export interface ClassifiedBatch {
  valid: StoredEvent[];
  /** The body each valid event arrived as (same index): what a dead letter keeps if the store refuses it. */
  validRaw: unknown[];
  invalid: DeadLetter[];
}

/**
 * The order as the producer meant it. An AMQP sequence section is a list: a producer that sends an order in
 * one (bodyType "sequence") sends a list of one. Data sections arrive as bytes and value sections as the
 * decoded value (an object from an AMQP map, a string, bytes); validation reads all of those.
 */
function bodyOf(event: IncomingEvent): unknown {
  const { body, bodyType } = event;
  return bodyType === 'sequence' && Array.isArray(body) && body.length === 1 ? (body[0] as unknown) : body;
}

/**
 * Splits a batch into events to store and events to dead-letter, with every reason. Pure: the arrival
 * time is passed in, so a batch classifies the same way every time it is replayed.
 */
export function classifyBatch(
  events: readonly IncomingEvent[],
  partitionId: string,
  receivedAt: Date,
): ClassifiedBatch {
  const valid: StoredEvent[] = [];
  const validRaw: unknown[] = [];
  const invalid: DeadLetter[] = [];
  for (const event of events) {
    const source: EventSource = { partitionId, sequenceNumber: event.sequenceNumber, offset: event.offset };
    const result = validateOrder(bodyOf(event), { now: receivedAt });
    if (result.ok) {
      valid.push(toStoredEvent(result.order, { receivedAt, source }));
      validRaw.push(event.body);
    } else invalid.push(toDeadLetter(event.body, result.reasons, { receivedAt, source }));
  }
  return { valid, validRaw, invalid };
}
