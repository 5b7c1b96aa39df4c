import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Type } from 'typebox';
import { runChecks } from '@marquee/platform';

const Check = Type.Object({ ok: Type.Boolean(), detail: Type.Optional(Type.String()) });
const Readiness = Type.Object({
  status: Type.Union([Type.Literal('ready'), Type.Literal('degraded'), Type.Literal('not-ready')]),
  checks: Type.Record(Type.String(), Check),
});

/**
 * /healthz: the process answers. /readyz: Cosmos must answer (without it nothing can be served);
 * Redis down only degrades (categories are then served from the store), so it is reported, not fatal.
 * /metrics: Prometheus text, including request latency per route (request-metrics); on the ops port (main.ts), and here on the
 * public port only when METRICS_ON_API_PORT=true: what it reveals (routes, rates, internals) is for operators.
 */
async function opsRoutes(app: FastifyInstance): Promise<void> {
  const hidden = { hide: true } as const;
  app.get(
    '/healthz',
    { schema: { ...hidden, response: { 200: Type.Object({ status: Type.String() }) } } },
    async () => ({
      status: 'ok',
    }),
  );

  app.get(
    '/readyz',
    { schema: { ...hidden, response: { 200: Readiness, 503: Readiness } } },
    async (_request, reply) => {
      const checks = await runChecks({
        cosmos: async () => {
          await app.cosmos.database.read();
        },
        redis: async () => {
          if ((await app.redis.ping()) !== 'PONG') throw new Error('no PONG');
        },
      });
      const cosmosOk = checks.cosmos?.ok === true;
      const status = !cosmosOk ? 'not-ready' : checks.redis?.ok ? 'ready' : 'degraded';
      if (checks.redis && !checks.redis.ok)
        checks.redis.detail = `cache bypassed, serving from the store: ${checks.redis.detail}`;
      return reply.code(cosmosOk ? 200 : 503).send({ status, checks });
    },
  );

  if (app.config.metricsOnApiPort) {
    app.get('/metrics', { schema: hidden }, async (_request, reply) => {
      return reply.type(app.registry.contentType).send(await app.registry.metrics());
    });
  }
}

export default fp(opsRoutes, { name: 'ops-routes', dependencies: ['config'] });
