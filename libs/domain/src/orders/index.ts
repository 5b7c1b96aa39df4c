export type { Order, OrderLine } from './order.ts';
export { DESCRIPTIVE_FIELDS } from './order.ts';
export type { InstantParse } from './iso-instant.ts';
export { parseIsoInstant, toUtcIso } from './iso-instant.ts';
export type { ParsedBody, RawBody } from './raw-body.ts';
export { asBytes, decodeUtf8, parseBody } from './raw-body.ts';
export type { OrderValidation, ValidationContext } from './validate.ts';
export { ORDER_BOUNDS } from './bounds.ts';
export { validateOrder } from './validate.ts';
export { formatCents, lineCents, orderLinesCents, orderTotalCents, orderUnits, toCents } from './money.ts';
export { canonicalJson } from './canonical-json.ts';
export { orderEventId } from './event-id.ts';
export type {
  Arrival,
  EventEnvelope,
  EventSource,
  OrderPlaced,
  StoredEvent,
  StoredEventType,
} from './stored-event.ts';
export { isOrderPlaced, toStoredEvent } from './stored-event.ts';
export type { DeadLetter } from './dead-letter.ts';
export { deadLetterId, reasonGroupOf, summarizeReasons, toDeadLetter } from './dead-letter.ts';
