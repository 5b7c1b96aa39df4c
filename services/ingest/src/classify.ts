import {
  toDeadLetter,
  toTelemetryEvent,
  validateEvent,
  type DeadLetter,
  type EventSource,
  type TelemetryEvent,
} from '@marquee/domain';

/** What ingest needs of a received Event Hubs event (a subset of the SDK's ReceivedEventData). */
export interface IncomingEvent {
  body: unknown;
  /** The AMQP section the body came in (the SDK's `getRawAmqpMessage().bodyType`); `data` when absent. */
  bodyType?: 'data' | 'sequence' | 'value' | undefined;
  sequenceNumber: number;
  offset: string;
  /** Application properties: `type` and `schemaVersion` say what the body is (absent on bare orders). */
  properties?: Record<string, unknown> | undefined;
}

export interface ClassifiedBatch {
  valid: TelemetryEvent[];
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
 * Splits a batch into events to store and events to dead-letter, with every reason. Each event's type and
 * version come from its application properties, else `defaultType` (version 1); the schema registry judges
 * it and upcasts older versions. Pure: the arrival time is passed in, so a batch classifies the same way
 * every time it is replayed.
 */
export function classifyBatch(
  events: readonly IncomingEvent[],
  partitionId: string,
  receivedAt: Date,
  { defaultType, eventHub }: { defaultType: string | undefined; eventHub?: string | undefined } = {
    defaultType: 'OrderPlaced',
  },
): ClassifiedBatch {
  const valid: TelemetryEvent[] = [];
  const validRaw: unknown[] = [];
  const invalid: DeadLetter[] = [];
  for (const event of events) {
    const position = { partitionId, sequenceNumber: event.sequenceNumber, offset: event.offset };
    const source: EventSource = eventHub === undefined ? position : { eventHub, ...position };
    const declared = { type: event.properties?.type, schemaVersion: event.properties?.schemaVersion };
    const result = validateEvent(bodyOf(event), declared, { now: receivedAt, defaultType });
    if (result.ok) {
      valid.push(toTelemetryEvent(result, { receivedAt, source }));
      validRaw.push(event.body);
    } else invalid.push(toDeadLetter(event.body, result.reasons, { receivedAt, source, declared }));
  }
  return { valid, validRaw, invalid };
}
