import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { validationError } from '@marquee/platform';

// What a client may write for an integer: digits, an optional sign. Ajv's coercion also takes `Infinity`,
// `1e3`, `0x10` or ` 10` (anything `+value` turns into a number), and Infinity then slips past the range
// checks into the report code; so integer query values are checked as text first.
const INTEGER = /^[+-]?\d{1,15}$/;

interface QuerySchema {
  properties?: Record<string, { type?: unknown }>;
}

/** 400 for an integer query parameter that is not plainly an integer; its range is then the schema's. */
async function strictQuery(app: FastifyInstance): Promise<void> {
  app.addHook('preValidation', async (request) => {
    const schema = request.routeOptions.schema?.querystring as QuerySchema | undefined;
    if (schema?.properties === undefined) return;
    const query = request.query as Record<string, unknown>;
    const reasons: string[] = [];
    for (const [name, property] of Object.entries(schema.properties)) {
      if (property.type !== 'integer' || query[name] === undefined) continue;
      const values = Array.isArray(query[name]) ? query[name] : [query[name]];
      if (values.some((v) => typeof v !== 'string' || !INTEGER.test(v))) {
        reasons.push(`querystring/${name} must be a finite integer written in digits`);
      }
    }
    if (reasons.length > 0) throw validationError(reasons.join('; '), reasons);
  });
}

export default fp(strictQuery, { name: 'strict-query' });
