import fp from 'fastify-plugin';
import type { FastifyError, FastifyInstance } from 'fastify';
import { isMarqueeError } from '@marquee/platform';
import type { Problem } from '../schemas/problem.ts';
import { pathOf } from './request-log.ts';
import { isViewRebuilding } from '../read-models/view-rebuilding.ts';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

function problem(
  status: number,
  detail: string | undefined,
  instance: string,
  errors?: readonly string[],
): Problem {
  return {
    type: 'about:blank',
    title: TITLES[status] ?? 'Error',
    status,
    ...(detail ? { detail } : {}),
    instance,
    ...(errors && errors.length > 0 ? { errors: [...errors] } : {}),
  };
}

/**
 * The one place errors become responses: the libs' vocabulary (MarqueeError) and fastify's own errors
 * (schema validation, body limits) map to problem+json; a 5xx never shows its details to the caller.
 */
async function problemDetails(app: FastifyInstance): Promise<void> {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    // The path only: a query may carry something the caller should not see echoed (a token).
    const instance = pathOf(request.url);
    let body: Problem;
    if (isViewRebuilding(error)) {
      // Expected during a release that changed the view's layout: the reason is the answer, not an incident.
      void reply.header('retry-after', String(error.retryAfterSeconds));
      body = { ...problem(503, error.message, instance), view: error.view };
    } else if (isMarqueeError(error) && error.status < 500) {
      body = problem(error.status, error.message, instance, error.details);
    } else if (error.validation) {
      const reasons = error.validation.map((v) => {
        const where = v.instancePath
          ? `${error.validationContext ?? ''}${v.instancePath}`
          : (error.validationContext ?? '');
        const param = (v.params as { missingProperty?: string } | undefined)?.missingProperty;
        return `${where}${param ? `/${param}` : ''} ${v.message ?? 'is invalid'}`.trim();
      });
      body = problem(400, reasons.join('; '), instance, reasons);
    } else if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      body = problem(error.statusCode, error.message, instance);
    } else {
      // MarqueeErrors land here too when they are 5xx (unavailable, config): logged with their cause, not shown.
      const status = (isMarqueeError(error) ? error.status : error.statusCode) === 503 ? 503 : 500;
      request.log.error({ err: error }, 'request failed');
      body = problem(
        status,
        status === 503 ? 'a dependency is unavailable; try again shortly' : undefined,
        instance,
      );
    }
    void reply.code(body.status).type('application/problem+json').send(body);
  });

  app.setNotFoundHandler((request, reply) => {
    void reply
      .code(404)
      .type('application/problem+json')
      .send(problem(404, `no route for ${request.method} ${pathOf(request.url)}`, pathOf(request.url)));
  });
}

export default fp(problemDetails, { name: 'problem-details' });
