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

function checkOrderDate(value: unknown, now: Date): string | undefined {
  if (isMissing(value)) return 'OrderDate is required';
  if (typeof value !== 'string') return 'OrderDate must be a string';
  const parsed = parseIsoInstant(value);
  if (!parsed.ok) {
    return parsed.problem === 'format'
      ? 'OrderDate must be an ISO-8601 instant with a time zone (Z or ±hh:mm)'
      : 'OrderDate is not a real date and time';
  }
  if (parsed.epochMs < EARLIEST_ORDER_MS)
    return `OrderDate must not be before ${ORDER_BOUNDS.earliestOrderDate}`;
  if (parsed.epochMs > now.getTime() + ORDER_BOUNDS.maxFutureMs)
    return 'OrderDate must not be more than a day after the order is received';
  return undefined;
}

// Each check below names what is wrong with a value (`must be a number`), or nothing. The field's name is
// put in front only when something is wrong: ingest validates every event it reads, and the valid ones
// (nearly all of them) then cost no strings and no arrays.

/** A finite number within [0, max]. */
function amountProblem(value: unknown, max: number): string | undefined {
  if (isMissing(value)) return 'is required';
  if (!isFiniteNumber(value)) return 'must be a number';
  if (value < 0) return 'must be >= 0';
  return value > max ? `must be <= ${max}` : undefined;
}

const TOO_LONG = `must be at most ${ORDER_BOUNDS.maxFieldLength} characters`;

function textProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return 'must be a string';
  return value.length > ORDER_BOUNDS.maxFieldLength ? TOO_LONG : undefined;
}

function quantityProblem(value: unknown): string | undefined {
  if (isMissing(value)) return 'is required';
  if (!Number.isSafeInteger(value) || (value as number) < 1) return 'must be an integer >= 1';
  return (value as number) > ORDER_BOUNDS.maxQuantity ? `must be <= ${ORDER_BOUNDS.maxQuantity}` : undefined;
}

function checkLine(line: unknown, index: number, reasons: string[]): void {
  if (!isPlainObject(line)) {
    reasons.push(`Details[${index}] must be an object`);
    return;
  }
  const { Email, ProductId, Quantity, UnitPrice } = line;
  const email = isMissing(Email) ? 'is required' : textProblem(Email);
  const product = isMissing(ProductId)
    ? 'is required'
    : Number.isSafeInteger(ProductId)
      ? undefined
      : 'must be an integer';
  const quantity = quantityProblem(Quantity);
  const price = amountProblem(UnitPrice, ORDER_BOUNDS.maxUnitPrice);
  if (email !== undefined) reasons.push(`Details[${index}].Email ${email}`);
  if (product !== undefined) reasons.push(`Details[${index}].ProductId ${product}`);
  if (quantity !== undefined) reasons.push(`Details[${index}].Quantity ${quantity}`);
  if (price !== undefined) reasons.push(`Details[${index}].UnitPrice ${price}`);
}

function checkDetails(value: unknown, reasons: string[]): void {
  if (isMissing(value)) reasons.push('Details is required');
  else if (!Array.isArray(value)) reasons.push('Details must be an array');
  else if (value.length === 0) reasons.push('Details must not be empty');
  // Past the bound the lines are not looked at: 100,000 bad lines make one reason, not 100,000.
  else if (value.length > ORDER_BOUNDS.maxLines)
    reasons.push(`Details must have at most ${ORDER_BOUNDS.maxLines} lines`);
  else for (let i = 0; i < value.length; i++) checkLine(value[i] as unknown, i, reasons);
}

const DESCRIPTIVE = Object.entries(DESCRIPTIVE_FIELDS);

// The descriptive fields do not feed any view, but the Order type promises their types to readers (api,
// exports), so a wrong type is rejected rather than passed on. null counts as absent.
function checkDescriptiveFields(event: Record<string, unknown>, reasons: string[]): void {
  for (const [field, type] of DESCRIPTIVE) {
    const value = event[field];
    if (isMissing(value)) continue;
    const problem =
      type === 'string' ? textProblem(value) : typeof value === type ? undefined : `must be a ${type}`;
    if (problem !== undefined) reasons.push(`${field} ${problem}`);
  }
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
  const reasons = checkShape(event);
  const date = checkOrderDate(event.OrderDate, context.now);
  if (date !== undefined) reasons.push(date);
  checkDetails(event.Details, reasons);
  const total = amountProblem(event.Total, ORDER_BOUNDS.maxTotal);
  if (total !== undefined) reasons.push(`Total ${total}`);
  checkDescriptiveFields(event, reasons);
  return reasons.length === 0 ? { ok: true, order: event as Order } : { ok: false, reasons };
}
