import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { MarqueeError } from '@marquee/platform';
import { problemResponses } from '../schemas/problem.ts';
import { ViewsEvent } from '../schemas/reports.ts';

/**
 * GET /api/stream: Server-Sent Events. A `views` event (JSON, the ViewsEvent schema: top 10, categories,
 * last 24 hours, today, freshness, events per second) comes at once and then whenever a view changes;
 * comment lines keep the connection alive. The response is taken over from fastify (hijack) because it
 * never ends by itself; shutdown ends it (see the live plugin).
 */
export default async function streamRoutes(app: FastifyInstance): Promise<void> {
  const max = app.config.maxStreamClients;
  // HEAD says what a GET would get, without opening a stream that never ends.
  app.head('/api/stream', { schema: { hide: true } }, async (_request, reply) =>
    reply
      .code(app.sseClients.size >= max ? 503 : 200)
      .type('text/event-stream')
      .send(),
  );
  app.get(
    '/api/stream',
    {
      schema: {
        tags: ['reports'],
        summary: 'Live report updates (text/event-stream)',
        description:
          'Server-Sent Events: `views` events with a JSON payload (the dashboard data), an `id:` per event, ' +
          'heartbeat comments every 15 s and a `retry:` hint. Send `Last-Event-ID` to skip the initial ' +
          'snapshot when it is not newer than what you have.',
        produces: ['text/event-stream'],
        response: {
          200: Type.Object(
            { views: ViewsEvent },
            { description: 'text/event-stream; the data of each `views` event is a ViewsEvent (JSON)' },
          ),
          ...problemResponses(503),
        },
      },
    },
    async (request, reply) => {
      // Each stream holds a socket and a share of every broadcast: past the cap, come back later.
      if (app.sseClients.size >= max) {
        void reply.header('retry-after', '5');
        throw new MarqueeError('unavailable', `this server already streams to ${max} clients`);
      }
      const lastEventId = request.headers['last-event-id'];
      // A hijacked reply writes its own head: the headers set so far (the security headers) go with it.
      for (const [name, value] of Object.entries(reply.getHeaders()))
        if (value !== undefined) reply.raw.setHeader(name, value);
      reply.hijack();
      await app.liveStream.connect(reply.raw, Array.isArray(lastEventId) ? lastEventId[0] : lastEventId);
    },
  );
}
