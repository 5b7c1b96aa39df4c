import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { PipelineStatus } from './pipeline-status.ts';

declare module 'fastify' {
  interface FastifyInstance {
    pipeline: PipelineStatus;
  }
}

/** The pipeline's health as the workers report it (`status`) and the recent dead letters (`deadletters`). */
async function pipeline(app: FastifyInstance): Promise<void> {
  app.decorate(
    'pipeline',
    new PipelineStatus({ status: app.cosmos.status, deadletters: app.cosmos.deadletters, now: app.now }),
  );
}

export default fp(pipeline, { name: 'pipeline', dependencies: ['config', 'cosmos'] });
