import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { ViewsEvent } from '../schemas/reports.ts';

/**
 * GET /api/stream: Server-Sent Events. A `views` event (JSON, the ViewsEvent schema: top 10, categories,
 * last 24 hours, today, freshness, events per second) comes at once and then whenever a view changes;
 * comment lines keep the connection alive. The response is taken over from fastify (hijack) because it
 * never ends by itself; shutdown ends it (see the views plugin).
 */
export default async function streamRoutes(app: FastifyInstance): Promise<void> {
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
        },
      },
    },
    async (request, reply) => {
      const lastEventId = request.headers['last-event-id'];
      reply.hijack();
      await app.liveStream.connect(reply.raw, Array.isArray(lastEventId) ? lastEventId[0] : lastEventId);
    },
  );
}
