import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';

/** The page sources, served as they are: there is no build step to forget. */
export const DASHBOARD_DIR = fileURLToPath(new URL('./public/', import.meta.url));

/** Chart.js's self-contained browser build, straight from the installed package. */
export const CHART_JS_DIR = path.dirname(fileURLToPath(import.meta.resolve('chart.js')));
const CHART_JS_FILE = 'chart.umd.min.js';

/** The live dashboard at `/`: one HTML page, its script and styles, and the vendored Chart.js. */
async function dashboard(app: FastifyInstance): Promise<void> {
  await app.register(fastifyStatic, {
    root: DASHBOARD_DIR,
    prefix: '/dashboard/',
    // One route per file found at start, instead of a catch-all that would shadow the 404 handler.
    wildcard: false,
    index: false,
    cacheControl: true,
    maxAge: 0,
    // One URL for the page: `/`. (Its CSP and other headers come from the security-headers plugin.)
    allowedPath: (pathName) => pathName !== '/index.html',
  });
  const hidden = { schema: { hide: true } };

  app.get('/', hidden, async (_request, reply) => reply.sendFile('index.html'));

  // Browsers that ask for /favicon.ico before reading the page's <link rel="icon"> get the same icon.
  app.get('/favicon.ico', hidden, async (_request, reply) =>
    reply.header('cache-control', 'public, max-age=86400').sendFile('favicon.svg'),
  );

  app.get('/dashboard/vendor/chart.umd.js', hidden, async (_request, reply) =>
    reply.header('cache-control', 'public, max-age=3600').sendFile(CHART_JS_FILE, CHART_JS_DIR),
  );
}

export default fp(dashboard, { name: 'dashboard' });
