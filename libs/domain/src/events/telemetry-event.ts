// Everything the event store holds, and the one way ingest builds it from a validated event.
import type { Click } from '../clickstream/click.ts';
import { isClickType } from '../clickstream/click.ts';
import { toClickEvent, type ClickstreamEvent } from '../clickstream/click-event.ts';
import type { Order } from '../orders/order.ts';
import { toStoredEvent, type Arrival, type OrderPlaced } from '../orders/stored-event.ts';
import type { EventValidation } from './validate-event.ts';

/** Every event in the `events` container, discriminated on `type`. */
export type TelemetryEvent = OrderPlaced | ClickstreamEvent;

export type ValidEvent = Extract<EventValidation, { ok: true }>;

/** The stored envelope of a validated event. Throws a RangeError for a type the registry lacks (a bug). */
export function toTelemetryEvent(event: ValidEvent, arrival: Arrival): TelemetryEvent {
  if (event.type === 'OrderPlaced') return toStoredEvent(event.data as Order, arrival);
  if (isClickType(event.type)) return toClickEvent(event.type, event.data as Click, arrival, event);
  throw new RangeError(`toTelemetryEvent: no envelope for type ${event.type}`);
}
