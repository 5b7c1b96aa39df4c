// The envelope every event in the `events` container wears. The `type` discriminant and `schemaVersion` let
// other event types (clickstream, see ../clickstream) and later versions join without touching readers that
// only care about OrderPlaced. Events are stored at their type's current version (see ../events/registry.ts).
import { orderEventId } from './event-id.ts';
import { toUtcIso } from './iso-instant.ts';
import type { Order } from './order.ts';

/** Where an event was read from in Event Hubs: enough to find it again and to dedupe replays. */
export interface EventSource {
  /** Set when ingest consumes several hubs (one per region): partition ids and positions repeat across hubs. */
  eventHub?: string;
  partitionId: string;
  sequenceNumber: number;
  offset: string;
}

export interface EventEnvelope<TType extends string, TData, TVersion extends number = 1> {
  /** Deterministic: see `orderEventId`. Also the Cosmos document id. */
  id: string;
  type: TType;
  /** The current version of the type's schema when it was stored (older versions are upcast first). */
  schemaVersion: TVersion;
  /** The version the producer sent, when it was older and the data was upcast. */
  upcastFrom?: number;
  /** When it happened (OrderDate), normalised to UTC: `2026-03-08T19:30:00.000Z`. */
  occurredAt: string;
  /** When ingest read it, UTC ISO. */
  receivedAt: string;
  source: EventSource;
  data: TData;
}

export type OrderPlaced = EventEnvelope<'OrderPlaced', Order>;

/** The order family: what the sales views fold. (Everything the store holds is a `TelemetryEvent`.) */
export type StoredEvent = OrderPlaced;

export type StoredEventType = StoredEvent['type'];

export interface Arrival {
  receivedAt: Date;
  source: EventSource;
}

/** Wraps a validated order. Throws a RangeError if OrderDate is not a valid instant (validate first). */
export function toStoredEvent(order: Order, arrival: Arrival): OrderPlaced {
  const occurredAt = toUtcIso(order.OrderDate);
  if (occurredAt === undefined) {
    throw new RangeError(`toStoredEvent: OrderDate ${JSON.stringify(order.OrderDate)} is not an instant`);
  }
  return {
    id: orderEventId(order),
    type: 'OrderPlaced',
    schemaVersion: 1,
    occurredAt,
    receivedAt: arrival.receivedAt.toISOString(),
    source: { ...arrival.source },
    data: order,
  };
}

/** Narrows a stored document (e.g. from the change feed) to an OrderPlaced this code understands. */
export function isOrderPlaced(doc: unknown): doc is OrderPlaced {
  if (typeof doc !== 'object' || doc === null) return false;
  const candidate = doc as Partial<OrderPlaced>;
  return (
    candidate.type === 'OrderPlaced' &&
    candidate.schemaVersion === 1 &&
    typeof candidate.id === 'string' &&
    typeof candidate.occurredAt === 'string' &&
    typeof candidate.data === 'object' &&
    candidate.data !== null &&
    Array.isArray(candidate.data.Details)
  );
}
