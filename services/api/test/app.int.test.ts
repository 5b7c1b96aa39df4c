// The service around the reports: ops endpoints, logging hygiene, CORS, the dashboard's files.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import pino from 'pino';
import { createRegistry } from '@marquee/platform';
import { buildApp, loadApiConfig, type MarqueeApp } from '../src/index.ts';
import { DATABASE, startStore, testApp, type Store } from './reports-fixture.ts';

let store: Store;
let app: MarqueeApp;

before(async () => {
  store = await startStore();
  app = testApp(store);
  await app.ready();
});
after(async () => {
  await app.close();
  await store.close();
});

test('/healthz answers; /readyz is degraded (200) with Cosmos up and Redis down', async () => {
  assert.deepEqual((await app.inject('/healthz')).json(), { status: 'ok' });
  const ready = await app.inject('/readyz');
  assert.equal(ready.statusCode, 200);
  assert.equal(ready.json().status, 'degraded');
  assert.equal(ready.json().checks.cosmos.ok, true);
});

test('a 5xx is problem+json that names no internals: Redis down makes /api/cache/categories a 503', async () => {
  const res = await app.inject('/api/cache/categories');
  assert.equal(res.statusCode, 503);
  assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
  assert.deepEqual(res.json(), {
    type: 'about:blank',
    title: 'Service Unavailable',
    status: 503,
    detail: 'a dependency is unavailable; try again shortly',
    instance: '/api/cache/categories',
  });
});

test('/metrics is on the public port only when asked for; then Prometheus text with request latency', async () => {
  assert.equal((await app.inject('/metrics')).statusCode, 404);
  const withMetrics = testApp(store, { env: { METRICS_ON_API_PORT: 'true' } });
  try {
    await withMetrics.inject('/healthz');
    const res = await withMetrics.inject('/metrics');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /# TYPE http_request_duration_seconds histogram/);
  } finally {
    await withMetrics.close();
  }
});

test('request logs carry method and url but never the Authorization header or a body', async () => {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  const config = loadApiConfig({
    COSMOS_CONNECTION_STRING: store.connectionString,
    COSMOS_DATABASE: DATABASE,
    REDIS_URL: 'redis://127.0.0.1:1',
    ADMIN_TOKEN: 'test-admin-token',
  });
  const logged = buildApp({
    config,
    logger: pino({ level: 'trace' }, sink),
    registry: createRegistry('api'),
  });
  try {
    const res = await logged.inject({
      url: '/api/reports/top-movies?limit=3',
      headers: { authorization: 'Bearer sup3r-secret-token', cookie: 'session=cookie-secret' },
    });
    assert.equal(res.statusCode, 200);
    const text = lines.join('');
    assert.match(text, /"url":"\/api\/reports\/top-movies\?limit=3"/);
    assert.doesNotMatch(text, /sup3r-secret-token/);
    assert.doesNotMatch(text, /cookie-secret/);
    assert.doesNotMatch(text, /"items"/, 'no response body in the logs');
  } finally {
    await logged.close();
  }
});

test('CORS is off: no Access-Control-Allow-Origin, preflight is not answered', async () => {
  const res = await app.inject({
    url: '/api/reports/categories',
    headers: { origin: 'https://elsewhere.example' },
  });
  assert.equal(res.statusCode, 200);
  assert.equal(res.headers['access-control-allow-origin'], undefined);
  const preflight = await app.inject({
    method: 'OPTIONS',
    url: '/api/reports/categories',
    headers: { origin: 'https://elsewhere.example', 'access-control-request-method': 'GET' },
  });
  assert.equal(preflight.headers['access-control-allow-origin'], undefined);
  assert.notEqual(preflight.statusCode, 204);
});

test('query strings are bounded: a request line past 16 KiB is refused before any parsing', async () => {
  const listening = testApp(store);
  const base = await listening.listen({ host: '127.0.0.1', port: 0 });
  try {
    const huge = await fetch(`${base}/api/reports/top-movies?limit=5&pad=${'a'.repeat(20_000)}`);
    assert.equal(huge.status, 431);
    const fine = await fetch(`${base}/api/reports/top-movies?limit=5&pad=${'a'.repeat(4_000)}`);
    assert.equal(fine.status, 200);
  } finally {
    await listening.close();
  }
});

test('load shedding (under-pressure) is registered', () => {
  assert.ok(app.hasDecorator('isUnderPressure'));
});

test('the dashboard page, its script, styles and the local Chart.js are served', async () => {
  const page = await app.inject('/');
  assert.equal(page.statusCode, 200);
  assert.match(String(page.headers['content-type']), /^text\/html/);
  assert.match(String(page.headers['content-security-policy']), /default-src 'self'/);
  assert.match(page.body, /<canvas id="chart-top-movies"/);
  assert.doesNotMatch(page.body, /https?:\/\//, 'nothing loaded from elsewhere');

  const script = await app.inject('/dashboard/app.js');
  assert.equal(script.statusCode, 200);
  assert.match(String(script.headers['content-type']), /javascript/);
  assert.match(script.body, /new EventSource\('\/api\/stream'\)/);

  assert.equal((await app.inject('/dashboard/styles.css')).statusCode, 200);

  const chart = await app.inject('/dashboard/vendor/chart.umd.js');
  assert.equal(chart.statusCode, 200);
  assert.match(String(chart.headers['content-type']), /javascript/);
  assert.match(chart.body.slice(0, 200), /Chart\.js v4/);

  // The page names its icon, and /favicon.ico answers too: no 404 in the browser's console.
  assert.match(page.body, /<link rel="icon" href="\/dashboard\/favicon.svg"/);
  for (const icon of ['/dashboard/favicon.svg', '/favicon.ico']) {
    const res = await app.inject(icon);
    assert.equal(res.statusCode, 200, icon);
    assert.match(String(res.headers['content-type']), /^image\/svg\+xml/, icon);
  }

  const missing = await app.inject('/dashboard/nope.js');
  assert.equal(missing.statusCode, 404);
  assert.match(String(missing.headers['content-type']), /problem\+json/);
});
