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

/**
 * The headers helmet sets, taken once from a run of its middleware: with these static directives they are the
 * same for every response, and running its chain of middlewares on each request (a dozen closures, each
 * setting one header on the raw response) was about 5% of the API's CPU under load.
 */
function helmetHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: string | number | readonly string[]) =>
      void (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => void delete headers[name.toLowerCase()],
  };
  let finished = false;
  applySecurityHeaders(
    {} as Parameters<typeof applySecurityHeaders>[0],
    response as unknown as Parameters<typeof applySecurityHeaders>[1],
    (err?: unknown) => {
      if (err !== undefined) throw err instanceof Error ? err : new Error('helmet failed', { cause: err });
      finished = true;
    },
  );
  // helmet runs synchronously for static directives; anything else would need it per request.
  if (!finished) throw new Error('helmet did not set its headers synchronously');
  return Object.freeze(headers);
}

async function securityHeaders(app: FastifyInstance): Promise<void> {
  const headers = helmetHeaders();
  app.addHook('onRequest', (_request, reply, done) => {
    void reply.headers(headers);
    done();
  });
}

export default fp(securityHeaders, { name: 'security-headers' });
