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
  sequenceNumber: number;
  offset: string;
}

export interface ClassifiedBatch {
  valid: StoredEvent[];
  invalid: DeadLetter[];
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
  const invalid: DeadLetter[] = [];
  for (const event of events) {
    const source: EventSource = { partitionId, sequenceNumber: event.sequenceNumber, offset: event.offset };
    const result = validateOrder(event.body, { now: receivedAt });
    if (result.ok) valid.push(toStoredEvent(result.order, { receivedAt, source }));
    else invalid.push(toDeadLetter(event.body, result.reasons, { receivedAt, source }));
  }
  return { valid, invalid };
}
