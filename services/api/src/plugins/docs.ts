import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';

/** OpenAPI built from the routes' TypeBox schemas, browsable at /docs (JSON at /docs/json). */
async function docs(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Marquee API',
        version: '0.1.0',
        description: 'Live reports and movie categories for Contoso Movies',
      },
      components: {
        securitySchemes: { admin: { type: 'http', scheme: 'bearer' } },
      },
    },
  });
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    uiHooks: {
      // Swagger UI's own redirect from /docs/static/index.html keeps the query, and its pattern then no longer
      // matches: `?url=x` redirected to itself for ever. That path goes to the one docs page, query dropped.
      onRequest: (request, reply, done) => {
        if (request.url.startsWith('/docs/static/index.html')) void reply.redirect('/docs/', 301);
        else done();
      },
    },
  });
}

export default fp(docs, { name: 'docs' });
