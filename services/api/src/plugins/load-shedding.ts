import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import underPressure from '@fastify/under-pressure';

/**
 * Sheds load with a 503 when the event loop lags: a slow answer for everyone is worse than a quick
 * "try again" for some. Health endpoints are exempt so probes still see the process.
 */
async function loadShedding(app: FastifyInstance): Promise<void> {
  await app.register(underPressure, {
    // Event-loop delay only: utilization is near 1 for a moment at start-up (module loading), and shedding
    // then would refuse the first requests of a healthy process.
    maxEventLoopDelay: app.config.loadShedDelayMs,
    retryAfter: 1,
    exposeStatusRoute: false,
  });
}

export default fp(loadShedding, { name: 'load-shedding', dependencies: ['config'] });
