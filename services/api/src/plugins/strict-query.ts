import fp from 'fastify-plugin';
import type { FastifyInstance, preValidationHookHandler } from 'fastify';
import { validationError } from '@marquee/platform';

// What a client may write for an integer: digits, an optional sign. Ajv's coercion also takes `Infinity`,
// `1e3`, `0x10` or ` 10` (anything `+value` turns into a number), and Infinity then slips past the range
// checks into the report code; so integer query values are checked as text first.
const INTEGER = /^[+-]?\d{1,15}$/;

interface QuerySchema {
  properties?: Record<string, { type?: unknown }>;
}

/** The check of one route's integer query parameters (their names read once, when the route is added). */
function integerCheck(names: readonly string[]): preValidationHookHandler {
  // A callback hook: an async one costs a promise per request.
  return (request, _reply, done) => {
    const query = request.query as Record<string, unknown>;
    let reasons: string[] | undefined;
    for (const name of names) {
      const value = query[name];
      if (value === undefined) continue;
      const values = Array.isArray(value) ? value : [value];
      if (values.some((v) => typeof v !== 'string' || !INTEGER.test(v))) {
        (reasons ??= []).push(`querystring/${name} must be a finite integer written in digits`);
      }
    }
    done(reasons === undefined ? undefined : validationError(reasons.join('; '), reasons));
  };
}

/**
 * 400 for an integer query parameter that is not plainly an integer; its range is then the schema's. Only the
 * routes whose query schema has an integer get the hook, so the others pay nothing for it.
 */
async function strictQuery(app: FastifyInstance): Promise<void> {
  app.addHook('onRoute', (route) => {
    const properties = (route.schema?.querystring as QuerySchema | undefined)?.properties ?? {};
    const names = Object.keys(properties).filter((name) => properties[name]?.type === 'integer');
    if (names.length === 0) return;
    const check = integerCheck(names);
    const existing = route.preValidation;
    route.preValidation =
      existing === undefined ? check : [check, ...(Array.isArray(existing) ? existing : [existing])];
  });
}

export default fp(strictQuery, { name: 'strict-query' });
