import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';

/**
 * Security headers on every response, pages and API alike (the dashboard, /docs, problem+json): a CSP that
 * lets a page load only from this server, no framing, no MIME sniffing, no referrer to other sites.
 *
 * helmet's middleware is built once, here. @fastify/helmet built it again on every request (parsing the CSP
 * directives each time), which was a tenth of the API's CPU under load; the headers are the same.
 */
const applySecurityHeaders = helmet({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      // Chart.js and Swagger UI set inline styles.
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      fontSrc: ["'self'", 'data:'],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
  },
  frameguard: { action: 'deny' },
  // Plain HTTP on a laptop must keep working; TLS is the ingress' business (it sets HSTS there).
  strictTransportSecurity: false,
});

async function securityHeaders(app: FastifyInstance): Promise<void> {
  app.addHook('onRequest', (request, reply, done) => {
    applySecurityHeaders(request.raw, reply.raw, (err?: unknown) => done(err as Error | undefined));
  });
}

export default fp(securityHeaders, { name: 'security-headers' });
