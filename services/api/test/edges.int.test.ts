// The API's edges under hostile requests (issue 19, item 7); each test failed before its fix.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import pino from 'pino';
import { createRegistry } from '@marquee/platform';
import { buildApp, loadApiConfig, type MarqueeApp } from '../src/index.ts';
import { DATABASE, startStore, testApp, type Store } from './reports-fixture.ts';

// As testApp: a busy CI machine must not turn these answers into load-shedding 503s.
const PATIENT = { LOAD_SHED_DELAY_MS: '60000' };

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

/** An app whose log lines are kept, with extra settings. */
function loggedApp(env: Record<string, string> = {}): { app: MarqueeApp; lines: string[] } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const config = loadApiConfig({
    COSMOS_CONNECTION_STRING: store.connectionString,
    COSMOS_DATABASE: DATABASE,
    REDIS_URL: 'redis://127.0.0.1:1',
    ADMIN_TOKEN: 'test-admin-token',
    ...PATIENT,
    ...env,
  });
  return {
    app: buildApp({ config, logger: pino({ level: 'info' }, sink), registry: createRegistry('api') }),
    lines,
  };
}

describe('numeric query values', () => {
  for (const url of [
    '/api/reports/orders/hourly?hours=Infinity',
    '/api/reports/orders/daily?days=Infinity',
    '/api/reports/top-movies?limit=Infinity',
    '/api/reports/top-movies?limit=-Infinity',
    '/api/reports/top-movies?limit=1e1',
    '/api/reports/top-movies?limit=0x10',
    '/api/reports/top-movies?limit=NaN',
    '/api/reports/top-movies?limit=51',
  ]) {
    test(`${url} is a 400 with the reason`, async () => {
      const res = await app.inject(url);
      assert.equal(res.statusCode, 400, res.body);
      assert.match(res.json().detail, /querystring\/(hours|days|limit)/);
    });
  }

  test('plain integers in range still answer', async () => {
    assert.equal((await app.inject('/api/reports/top-movies?limit=5')).statusCode, 200);
    assert.equal((await app.inject('/api/reports/orders/hourly?hours=3')).statusCode, 200);
  });
});

describe('credentials', () => {
  test('a ?token= is neither logged nor echoed in the problem, and does not authenticate', async () => {
    const { app: logged, lines } = loggedApp();
    try {
      const missing = await logged.inject('/api/nope?token=s3cret-in-query&x=1');
      assert.equal(missing.statusCode, 404);
      assert.equal(missing.json().instance, '/api/nope');
      assert.doesNotMatch(missing.body, /s3cret/);
      const admin = await logged.inject({
        method: 'POST',
        url: '/api/admin/categories?token=test-admin-token',
        payload: { categoryId: 900, name: 'Query', description: '' },
      });
      assert.equal(admin.statusCode, 401, 'the admin token is taken from the Authorization header only');
      assert.doesNotMatch(admin.body, /test-admin-token/);
      const text = lines.join('\n');
      assert.match(text, /token=\[redacted\]&x=1/);
      assert.doesNotMatch(text, /s3cret-in-query|test-admin-token/);
      // The access log: a 4xx is logged at info, on the request's own (lazily bound) logger.
      const completed = lines
        .map((l) => JSON.parse(l) as { msg: string; reqId?: string; statusCode?: number })
        .filter((l) => l.msg === 'request completed');
      assert.deepEqual(
        completed.map((l) => l.statusCode),
        [404, 401],
      );
      assert.ok(completed.every((l) => typeof l.reqId === 'string' && l.reqId.length > 0));
    } finally {
      await logged.close();
    }
  });

  test('admin routes are rate limited per client, and failed authentication is a warning', async () => {
    const { app: limited, lines } = loggedApp({ ADMIN_RATE_LIMIT: '3' });
    try {
      const codes: number[] = [];
      let last;
      for (let i = 0; i < 4; i++) {
        last = await limited.inject({
          method: 'DELETE',
          url: '/api/admin/categories/1',
          headers: { authorization: 'Bearer guess-' + i },
        });
        codes.push(last.statusCode);
      }
      assert.deepEqual(codes, [403, 403, 403, 429]);
      assert.ok(Number(last?.headers['retry-after']) > 0);
      assert.match(String(last?.headers['content-type']), /problem\+json/);
      const warnings = lines
        .map((l) => JSON.parse(l) as { level: number; msg: string })
        .filter((l) => l.level === 40);
      assert.equal(warnings.filter((w) => w.msg === 'admin authentication failed').length, 3);
    } finally {
      await limited.close();
    }
  });
});

describe('pages', () => {
  test('security headers on the dashboard, /docs, the API and problems', async () => {
    for (const url of ['/', '/dashboard/app.js', '/docs', '/docs/json', '/api/reports/categories', '/nope']) {
      const res = await app.inject(url);
      assert.match(
        String(res.headers['content-security-policy']),
        /default-src 'self'.*frame-ancestors 'none'/,
        url,
      );
      assert.equal(res.headers['x-frame-options'], 'DENY', url);
      assert.equal(res.headers['x-content-type-options'], 'nosniff', url);
    }
  });

  test('one dashboard URL: / (the file is not served a second time)', async () => {
    assert.equal((await app.inject('/')).statusCode, 200);
    assert.equal((await app.inject('/dashboard/index.html')).statusCode, 404);
  });

  test('/docs/static/index.html with a query redirects once, to /docs/, not to itself', async () => {
    const res = await app.inject('/docs/static/index.html?url=https://evil.example/spec.json');
    assert.equal(res.statusCode, 301);
    assert.equal(res.headers.location, '/docs/');
    assert.equal((await app.inject('/docs/')).statusCode, 200);
  });
});

describe('HEAD, timeouts, stream capacity', () => {
  test('HEAD is answered everywhere, /api/stream included (it used to hang)', async () => {
    const listening = testApp(store);
    const base = await listening.listen({ host: '127.0.0.1', port: 0 });
    try {
      for (const path of ['/', '/api/stream', '/api/reports/categories', '/healthz', '/docs']) {
        const res = await fetch(`${base}${path}`, { method: 'HEAD', signal: AbortSignal.timeout(10_000) });
        assert.equal(res.status, 200, path);
      }
    } finally {
      await listening.close();
    }
  });

  test('a store that hangs makes a report a 503 with Retry-After, not a hang', async () => {
    const quick = testApp(store, { env: { REPORT_TIMEOUT_MS: '300' } });
    await quick.ready();
    store.pause();
    try {
      const res = await quick.inject('/api/reports/orders/hourly?hours=77');
      assert.equal(res.statusCode, 503);
      assert.equal(res.headers['retry-after'], '1');
    } finally {
      store.resume();
      await quick.close();
    }
  });

  test(
    'closing does not wait for a change-feed read the store never answers',
    { timeout: 30_000 },
    async () => {
      const closing = testApp(store);
      const base = await closing.listen({ host: '127.0.0.1', port: 0 });
      const stream = new AbortController();
      let closed = false;
      try {
        const open = await fetch(`${base}/api/stream`, { signal: stream.signal });
        await open.body!.getReader().read(); // the first snapshot: the views' feed has started
        store.pause();
        await sleep(500); // past a poll (200 ms): a read is now waiting on the store
        const result = await Promise.race([
          closing.close().then(() => 'closed'),
          sleep(10_000).then(() => 'still waiting on the store'),
        ]);
        closed = result === 'closed';
        assert.equal(result, 'closed');
      } finally {
        stream.abort();
        store.resume();
        if (!closed) await closing.close();
      }
    },
  );

  test('SSE streams are capped per process: one more is a 503 with Retry-After', async () => {
    const capped = testApp(store, { env: { MAX_STREAM_CLIENTS: '1' } });
    const base = await capped.listen({ host: '127.0.0.1', port: 0 });
    const first = new AbortController();
    try {
      const open = await fetch(`${base}/api/stream`, { signal: first.signal });
      assert.equal(open.status, 200);
      const reader = open.body!.getReader();
      await reader.read(); // the stream is registered once its first bytes are out
      const second = await fetch(`${base}/api/stream`, { signal: AbortSignal.timeout(10_000) });
      assert.equal(second.status, 503);
      assert.equal(second.headers.get('retry-after'), '5');
      assert.equal((await fetch(`${base}/api/stream`, { method: 'HEAD' })).status, 503);
    } finally {
      first.abort();
      await capped.close();
    }
  });
});

describe('category names', () => {
  const post = (name: string, categoryId: number) =>
    app.inject({
      method: 'POST',
      url: '/api/admin/categories',
      headers: { authorization: 'Bearer test-admin-token' },
      payload: { categoryId, name, description: '' },
    });

  for (const [label, name] of [
    ['zero-width and bidi characters only', '\u200b\u200f\u202e'],
    ['a NUL', 'Dra\u0000ma'],
    ['an ANSI escape', '\u001b[31mRed'],
    ['blanks only', ' \u3000 '],
  ]) {
    test(`a name of ${label} is a 400 with the reason`, async () => {
      const res = await post(name!, 901);
      assert.equal(res.statusCode, 400, res.body);
      assert.match(res.json().detail, /invalid category name: name (carries U\+|is empty)|name must match/);
    });
  }

  test('a name is stored NFC and trimmed', async () => {
    const res = await post('  Cafe\u0301 Noir ', 902);
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json().name, 'Caf\u00e9 Noir');
  });
});
