// Validation returns every reason at once, so a dead-lettered event can be fixed in one go instead of one
// complaint per replay. Reasons are stable strings: dashboards and tests match on them.
import { parseIsoInstant } from './iso-instant.ts';
import type { Order } from './order.ts';
import { DESCRIPTIVE_FIELDS } from './order.ts';
import { isPlainObject, parseBody } from './raw-body.ts';
import type { RawBody } from './raw-body.ts';

export type OrderValidation = { ok: true; order: Order } | { ok: false; reasons: string[] };

const isMissing = (value: unknown): boolean => value === undefined || value === null;
const isFiniteNumber = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value);

function checkOrderDate(value: unknown): string[] {
  if (isMissing(value)) return ['OrderDate is required'];
  if (typeof value !== 'string') return ['OrderDate must be a string'];
  const parsed = parseIsoInstant(value);
  if (parsed.ok) return [];
  return parsed.problem === 'format'
    ? ['OrderDate must be an ISO-8601 instant with a time zone (Z or ±hh:mm)']
    : ['OrderDate is not a real date and time'];
}

function checkTotal(value: unknown): string[] {
  if (isMissing(value)) return ['Total is required'];
  if (!isFiniteNumber(value)) return ['Total must be a number'];
  return value < 0 ? ['Total must be >= 0'] : [];
}

function checkLine(line: unknown, index: number): string[] {
  const at = `Details[${index}]`;
  if (!isPlainObject(line)) return [`${at} must be an object`];
  const reasons: string[] = [];
  const { Email, ProductId, Quantity, UnitPrice } = line;
  if (isMissing(Email)) reasons.push(`${at}.Email is required`);
  else if (typeof Email !== 'string') reasons.push(`${at}.Email must be a string`);
  if (isMissing(ProductId)) reasons.push(`${at}.ProductId is required`);
  else if (!Number.isSafeInteger(ProductId)) reasons.push(`${at}.ProductId must be an integer`);
  if (isMissing(Quantity)) reasons.push(`${at}.Quantity is required`);
  else if (!Number.isSafeInteger(Quantity) || (Quantity as number) < 1) {
    reasons.push(`${at}.Quantity must be an integer >= 1`);
  }
  if (isMissing(UnitPrice)) reasons.push(`${at}.UnitPrice is required`);
  else if (!isFiniteNumber(UnitPrice)) reasons.push(`${at}.UnitPrice must be a number`);
  else if (UnitPrice < 0) reasons.push(`${at}.UnitPrice must be >= 0`);
  return reasons;
}

function checkDetails(value: unknown): string[] {
  if (isMissing(value)) return ['Details is required'];
  if (!Array.isArray(value)) return ['Details must be an array'];
  if (value.length === 0) return ['Details must not be empty'];
  return value.flatMap((line: unknown, index) => checkLine(line, index));
}

// The descriptive fields do not feed any view, but the Order type promises their types to readers (api,
// exports), so a wrong type is rejected rather than passed on. null counts as absent.
function checkDescriptiveFields(event: Record<string, unknown>): string[] {
  return Object.entries(DESCRIPTIVE_FIELDS).flatMap(([field, type]) => {
    const value = event[field];
    return isMissing(value) || typeof value === type ? [] : [`${field} must be a ${type}`];
  });
}

/**
 * Validates one order event. `raw` may be bytes (UTF-8 JSON), a JSON string, or an already-parsed value.
 * On success the order is the parsed object itself, with any extra fields kept.
 */
export function validateOrder(raw: RawBody): OrderValidation {
  const body = parseBody(raw);
  if (!body.ok) return { ok: false, reasons: [body.reason] };
  const event = body.value;
  if (!isPlainObject(event)) return { ok: false, reasons: ['event must be a JSON object'] };
  const reasons = [
    ...checkOrderDate(event.OrderDate),
    ...checkDetails(event.Details),
    ...checkTotal(event.Total),
    ...checkDescriptiveFields(event),
  ];
  return reasons.length === 0 ? { ok: true, order: event as Order } : { ok: false, reasons };
}
