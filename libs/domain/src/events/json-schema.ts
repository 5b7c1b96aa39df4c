// JSON Schemas are compiled once, when this module loads: compiling costs milliseconds, validating a compiled
// schema costs microseconds, and ingest validates every event.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';

/** A body checked against one version: its data, or every reason it is refused. */
export type BodyValidation = { ok: true; data: Record<string, unknown> } | { ok: false; reasons: string[] };

/** A JSON Schema document as kept in `libs/domain/schemas/<Type>/v<N>.json`. */
export type JsonSchema = Readonly<Record<string, unknown>>;

// allErrors: a dead letter lists every reason at once. strict: a typo in a schema file fails at load, not
// silently at runtime.
const ajv = new Ajv({ allErrors: true, strict: true });

export function compileSchema(schema: JsonSchema): ValidateFunction {
  return ajv.compile(schema);
}

/** `/Details/2/Quantity` → `Details[2].Quantity`: the same paths the order reasons use. */
function fieldOf(error: ErrorObject): string {
  const parts = error.instancePath.split('/').slice(1);
  const missing =
    error.keyword === 'required' ? (error.params as { missingProperty?: string }).missingProperty : undefined;
  if (missing !== undefined) parts.push(missing);
  const path = parts
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce(
      (acc, part) => (/^\d+$/.test(part) ? `${acc}[${part}]` : acc === '' ? part : `${acc}.${part}`),
      '',
    );
  return path === '' ? 'event' : path;
}

/** One stable reason per schema error, e.g. `movieId must be integer`, `device is required`. */
export function schemaReasons(errors: readonly ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((error) =>
    error.keyword === 'required'
      ? `${fieldOf(error)} is required`
      : `${fieldOf(error)} ${error.message ?? 'is invalid'}`,
  );
}
