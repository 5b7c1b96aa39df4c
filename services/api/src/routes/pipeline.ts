import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { PipelineQuery, PipelineReport } from '../schemas/pipeline.ts';
import { problemResponses } from '../schemas/problem.ts';

/** The dashboard's pipeline panel: each stage's lag and stalls, and dead letters per minute. */
export default async function pipelineRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/api/pipeline',
    {
      schema: {
        tags: ['pipeline'],
        summary: 'Where the pipeline spends its time: lag and stalls per stage, dead letters per minute',
        description:
          'Each worker instance (ingest, projector, cache-sync, the exporter) writes its own status every few ' +
          'seconds; an instance that stopped writing is left out. A unit (partition or lease) is stalled when ' +
          "it has had work in hand and made no progress past its worker's threshold. Refreshed every 2 s at most.",
        querystring: PipelineQuery,
        response: { 200: PipelineReport, ...problemResponses(400, 503) },
      },
    },
    async (request) => await app.pipeline.report(request.query.minutes),
  );
}
