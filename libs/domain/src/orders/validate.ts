// Validation returns every reason at once, so a dead-lettered event can be fixed in one go instead of one
// complaint per replay. Reasons are stable strings: dashboards and tests match on them. Beyond types, an
// order must fall within ORDER_BOUNDS (see bounds.ts for why each one exists).
import { EARLIEST_ORDER_MS, ORDER_BOUNDS } from './bounds.ts';
import { parseIsoInstant } from './iso-instant.ts';
import type { Order } from './order.ts';
import { DESCRIPTIVE_FIELDS } from './order.ts';
import { isPlainObject, parseBody } from './raw-body.ts';
import type { RawBody } from './raw-body.ts';
import { checkShape } from './shape.ts';

export type OrderValidation = { ok: true; order: Order } | { ok: false; reasons: string[] };

export interface ValidationContext {
  /** The ingest clock: an OrderDate more than a day after it is refused. Passed in, so validation stays pure. */
  now: Date;
}

const isMissing = (value: unknown): boolean => value === undefined || value === null;
const isFiniteNumber = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value);

function checkOrderDate(value: unknown, now: Date): string[] {
  if (isMissing(value)) return ['OrderDate is required'];
  if (typeof value !== 'string') return ['OrderDate must be a string'];
  const parsed = parseIsoInstant(value);
  if (!parsed.ok) {
    return parsed.problem === 'format'
      ? ['OrderDate must be an ISO-8601 instant with a time zone (Z or ±hh:mm)']
      : ['OrderDate is not a real date and time'];
  }
  if (parsed.epochMs < EARLIEST_ORDER_MS)
    return [`OrderDate must not be before ${ORDER_BOUNDS.earliestOrderDate}`];
  if (parsed.epochMs > now.getTime() + ORDER_BOUNDS.maxFutureMs) {
    return ['OrderDate must not be more than a day after the order is received'];
  }
  return [];
}

/** A finite number within [min, max]: `what must be a number`, `>= min`, `<= max`. */
function checkAmount(value: unknown, what: string, max: number): string[] {
  if (isMissing(value)) return [`${what} is required`];
  if (!isFiniteNumber(value)) return [`${what} must be a number`];
  if (value < 0) return [`${what} must be >= 0`];
  return value > max ? [`${what} must be <= ${max}`] : [];
}

function checkText(value: unknown, what: string): string[] {
  if (typeof value !== 'string') return [`${what} must be a string`];
  const max = ORDER_BOUNDS.maxFieldLength;
  return value.length > max ? [`${what} must be at most ${max} characters`] : [];
}

function checkLine(line: unknown, index: number): string[] {
  const at = `Details[${index}]`;
  if (!isPlainObject(line)) return [`${at} must be an object`];
  const reasons: string[] = [];
  const { Email, ProductId, Quantity, UnitPrice } = line;
  if (isMissing(Email)) reasons.push(`${at}.Email is required`);
  else reasons.push(...checkText(Email, `${at}.Email`));
  if (isMissing(ProductId)) reasons.push(`${at}.ProductId is required`);
  else if (!Number.isSafeInteger(ProductId)) reasons.push(`${at}.ProductId must be an integer`);
  if (isMissing(Quantity)) reasons.push(`${at}.Quantity is required`);
  else if (!Number.isSafeInteger(Quantity) || (Quantity as number) < 1) {
    reasons.push(`${at}.Quantity must be an integer >= 1`);
  } else if ((Quantity as number) > ORDER_BOUNDS.maxQuantity) {
    reasons.push(`${at}.Quantity must be <= ${ORDER_BOUNDS.maxQuantity}`);
  }
  reasons.push(...checkAmount(UnitPrice, `${at}.UnitPrice`, ORDER_BOUNDS.maxUnitPrice));
  return reasons;
}

function checkDetails(value: unknown): string[] {
  if (isMissing(value)) return ['Details is required'];
  if (!Array.isArray(value)) return ['Details must be an array'];
  if (value.length === 0) return ['Details must not be empty'];
  // Past the bound the lines are not looked at: 100,000 bad lines make one reason, not 100,000.
  if (value.length > ORDER_BOUNDS.maxLines)
    return [`Details must have at most ${ORDER_BOUNDS.maxLines} lines`];
  return value.flatMap((line: unknown, index) => checkLine(line, index));
}

// The descriptive fields do not feed any view, but the Order type promises their types to readers (api,
// exports), so a wrong type is rejected rather than passed on. null counts as absent.
function checkDescriptiveFields(event: Record<string, unknown>): string[] {
  return Object.entries(DESCRIPTIVE_FIELDS).flatMap(([field, type]) => {
    const value = event[field];
    if (isMissing(value)) return [];
    if (type === 'string') return checkText(value, field);
    return typeof value === type ? [] : [`${field} must be a ${type}`];
  });
}

/**
 * Validates one order event. `raw` may be bytes (UTF-8 JSON), a JSON string, or an already-parsed value.
 * On success the order is the parsed object itself, with any extra fields kept. Never throws.
 */
export function validateOrder(raw: RawBody, context: ValidationContext): OrderValidation {
  try {
    return validateBody(raw, context);
  } catch (err) {
    // Nothing above is known to throw (the property suite hunts for it); should a value still manage to
    // (a getter on a hand-made object, say), it is one bad event, not a stalled partition.
    return { ok: false, reasons: [`event could not be validated: ${String(err).slice(0, 200)}`] };
  }
}

function validateBody(raw: RawBody, context: ValidationContext): OrderValidation {
  const body = parseBody(raw);
  if (!body.ok) return { ok: false, reasons: [body.reason] };
  const event = body.value;
  if (!isPlainObject(event)) return { ok: false, reasons: ['event must be a JSON object'] };
  const reasons = [
    ...checkShape(event),
    ...checkOrderDate(event.OrderDate, context.now),
    ...checkDetails(event.Details),
    ...checkAmount(event.Total, 'Total', ORDER_BOUNDS.maxTotal),
    ...checkDescriptiveFields(event),
  ];
  return reasons.length === 0 ? { ok: true, order: event as Order } : { ok: false, reasons };
}
