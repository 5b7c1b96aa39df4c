// Clicks in the event store: the common envelope around current-version click data.
import { canonicalJson } from '../orders/canonical-json.ts';
import { sha256Hex } from '../orders/event-id.ts';
import { toUtcIso } from '../orders/iso-instant.ts';
import type { Arrival, EventEnvelope } from '../orders/stored-event.ts';
import type { Click, ClickType } from './click.ts';

export type ProductViewed = EventEnvelope<'ProductViewed', Click, 2>;
export type AddedToCart = EventEnvelope<'AddedToCart', Click>;
export type CheckoutStarted = EventEnvelope<'CheckoutStarted', Click>;
export type ClickstreamEvent = ProductViewed | AddedToCart | CheckoutStarted;

/**
 * A click has no transaction id, so its id is its content's: the type and the SHA-256 of the canonical JSON of
 * its data. A resend (Event Hubs at-least-once, a retrying browser) gets the same id and the store refuses it.
 */
export function clickEventId(type: ClickType, data: Readonly<Record<string, unknown>>): string {
  return `${type}:${sha256Hex(canonicalJson(data))}`;
}

/** Wraps validated, current-version click data. Throws a RangeError if the timestamp is not an instant. */
export function toClickEvent(
  type: ClickType,
  data: Click,
  arrival: Arrival,
  meta: { schemaVersion: number; receivedVersion: number },
): ClickstreamEvent {
  const occurredAt = toUtcIso(data.timestamp);
  if (occurredAt === undefined)
    throw new RangeError(`toClickEvent: timestamp ${JSON.stringify(data.timestamp)} is not an instant`);
  return {
    id: clickEventId(type, data),
    type,
    schemaVersion: meta.schemaVersion,
    ...(meta.receivedVersion === meta.schemaVersion ? {} : { upcastFrom: meta.receivedVersion }),
    occurredAt,
    receivedAt: arrival.receivedAt.toISOString(),
    source: { ...arrival.source },
    data,
  } as ClickstreamEvent;
}

/** Narrows a stored document (e.g. from the change feed) to a current-version click this code understands. */
export function isClickstreamEvent(doc: unknown): doc is ClickstreamEvent {
  if (typeof doc !== 'object' || doc === null) return false;
  const c = doc as Partial<ClickstreamEvent>;
  const current = c.type === 'ProductViewed' ? 2 : 1;
  return (
    (c.type === 'ProductViewed' || c.type === 'AddedToCart' || c.type === 'CheckoutStarted') &&
    c.schemaVersion === current &&
    typeof c.id === 'string' &&
    typeof c.occurredAt === 'string' &&
    typeof c.data === 'object' &&
    c.data !== null &&
    Number.isSafeInteger(c.data.movieId) &&
    typeof c.data.device === 'string'
  );
}
