// A click is checked in three layers, cheapest guard first: the shape bounds every event obeys (so Ajv never
// walks a hostile 10,000-level structure), its version's JSON Schema, then what a schema cannot say (the
// timestamp names a real instant within the same window as an OrderDate).
import { compileSchema, schemaReasons, type BodyValidation, type JsonSchema } from '../events/json-schema.ts';
import { EARLIEST_ORDER_MS, ORDER_BOUNDS } from '../orders/bounds.ts';
import { parseIsoInstant } from '../orders/iso-instant.ts';
import { isPlainObject, parseBody, type RawBody } from '../orders/raw-body.ts';
import { checkShape } from '../orders/shape.ts';

function checkTimestamp(value: unknown, now: Date): string[] {
  if (typeof value !== 'string') return []; // the schema has said so already
  const parsed = parseIsoInstant(value);
  if (!parsed.ok) return parsed.problem === 'format' ? [] : ['timestamp is not a real date and time'];
  if (parsed.epochMs < EARLIEST_ORDER_MS)
    return [`timestamp must not be before ${ORDER_BOUNDS.earliestOrderDate}`];
  if (parsed.epochMs > now.getTime() + ORDER_BOUNDS.maxFutureMs)
    return ['timestamp must not be more than a day after the event is received'];
  return [];
}

/** A validator for one version of a click event, its schema compiled once. Never throws. */
export function clickValidator(schema: JsonSchema): (raw: RawBody, now: Date) => BodyValidation {
  const validate = compileSchema(schema);
  return (raw, now) => {
    try {
      const body = parseBody(raw);
      if (!body.ok) return { ok: false, reasons: [body.reason] };
      const data = body.value;
      if (!isPlainObject(data)) return { ok: false, reasons: ['event must be a JSON object'] };
      const shape = checkShape(data);
      if (shape.length > 0) return { ok: false, reasons: shape };
      const reasons = validate(data) ? [] : schemaReasons(validate.errors);
      reasons.push(...checkTimestamp(data.timestamp, now));
      return reasons.length === 0 ? { ok: true, data } : { ok: false, reasons };
    } catch (err) {
      return { ok: false, reasons: [`event could not be validated: ${String(err).slice(0, 200)}`] };
    }
  };
}
