// Admin category writes: bearer auth, validation with every reason, 409 and 404, and writes that go to the
// store only (the cache is cache-sync's to refresh, from the change feed).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CosmosClient } from '@azure/cosmos';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { ConfigError } from '@marquee/platform';
import { seed } from '@marquee/seed';
import { eventually, startLocalStack, type LocalStack } from '@marquee/test-support';
import { buildApp, loadApiConfig, type MarqueeApp } from '../src/index.ts';

const TOKEN = 's3cret-admin-token';
let stack: LocalStack;
let cosmos: CosmosClient;
let app: MarqueeApp;
const env = (): Record<string, string> => ({
  COSMOS_CONNECTION_STRING: stack.connections.cosmos,
  REDIS_URL: stack.connections.redis,
  LOG_LEVEL: 'silent',
});

before(async () => {
  stack = await startLocalStack({ ports: 'free' });
  cosmos = new CosmosClient(stack.connections.cosmos);
  await seed(cosmos, 'marquee');
  app = buildApp({
    config: loadApiConfig({ ...env(), ADMIN_TOKEN: TOKEN, CATEGORY_DELETE_MODE: 'hard' }),
    logger: pino({ level: 'silent' }),
    registry: new Registry(),
  });
  await app.ready();
});
after(async () => {
  await app.close();
  cosmos.dispose();
  await stack.stop();
});

const call = (
  method: 'POST' | 'PUT' | 'DELETE',
  url: string,
  body?: unknown,
  authorization = `Bearer ${TOKEN}`,
) =>
  app.inject({
    method,
    url,
    ...(body === undefined ? {} : { payload: body as object }),
    headers: { authorization },
  });
const valid = { categoryId: 941, name: 'Short films', description: 'Under forty minutes.' };

test('401 without a bearer token, 403 with a wrong one, before the body is even looked at', async () => {
  const none = await app.inject({ method: 'POST', url: '/api/admin/categories', payload: valid });
  assert.equal(none.statusCode, 401);
  assert.equal(none.headers['content-type'], 'application/problem+json; charset=utf-8');
  assert.equal(none.headers['www-authenticate'], 'Bearer');
  assert.equal((await call('POST', '/api/admin/categories', valid, `Basic ${TOKEN}`)).statusCode, 401);
  assert.equal((await call('POST', '/api/admin/categories', valid, 'Bearer')).statusCode, 401);
  assert.equal((await call('POST', '/api/admin/categories', valid, 'Bearer wrong')).statusCode, 403);
  assert.equal((await call('POST', '/api/admin/categories', valid, `Bearer ${TOKEN}x`)).statusCode, 403);
  assert.equal((await call('DELETE', '/api/admin/categories/28', undefined, 'Bearer wrong')).statusCode, 403);
  assert.equal(
    (await call('PUT', '/api/admin/categories/28', { name: 'x', description: '' }, '')).statusCode,
    401,
  );
  assert.equal(
    (await call('POST', '/api/admin/categories', { nonsense: true }, 'Bearer wrong')).statusCode,
    403,
  );
  // Nothing was written.
  const { resource } = await cosmos
    .database('marquee')
    .container('catalog')
    .item('category-941', 'category')
    .read();
  assert.equal(resource, undefined);
});

test('400 problem+json naming every reason', async () => {
  const response = await call('POST', '/api/admin/categories', {
    categoryId: 'seven',
    name: '   ',
    colour: 'red',
  });
  assert.equal(response.statusCode, 400);
  const problem = response.json<{ status: number; errors: string[] }>();
  assert.equal(problem.status, 400);
  const reasons = problem.errors.join('\n');
  assert.match(reasons, /categoryId/);
  assert.match(reasons, /name/);
  assert.match(reasons, /description/);
  assert.match(reasons, /additional/i);
  assert.ok(problem.errors.length >= 4, reasons);
  assert.equal(
    (await call('PUT', '/api/admin/categories/0', { name: 'x', description: '' })).statusCode,
    400,
  );
  assert.equal(
    (await call('PUT', '/api/admin/categories/28', { name: '', description: '' })).statusCode,
    400,
  );
  assert.equal(
    (await call('POST', '/api/admin/categories', { ...valid, name: 'x'.repeat(101) })).statusCode,
    400,
  );
});

test('create 201, duplicate 409, update 200, delete 204, then 404 for the missing one', async () => {
  await eventually(() => assert.ok(app.categoryCache.reader.redisUp));
  const cachedBefore = (await app.inject({ method: 'GET', url: '/api/categories' })).json<{
    version: number;
  }>();
  const created = await call('POST', '/api/admin/categories', valid);
  assert.equal(created.statusCode, 201);
  assert.equal(created.headers.location, '/api/categories/941');
  assert.deepEqual(created.json(), valid);

  const duplicate = await call('POST', '/api/admin/categories', { ...valid, name: 'Other' });
  assert.equal(duplicate.statusCode, 409);
  assert.match(duplicate.json<{ detail: string }>().detail, /already exists/);

  const updated = await call('PUT', '/api/admin/categories/941', { name: 'Shorts', description: 'Brief.' });
  assert.equal(updated.statusCode, 200);
  assert.deepEqual(updated.json(), { categoryId: 941, name: 'Shorts', description: 'Brief.' });
  const catalog = cosmos.database('marquee').container('catalog');
  const { resource } = await catalog.item('category-941', 'category').read<Record<string, unknown>>();
  assert.equal(resource?.name, 'Shorts');
  assert.equal(resource?.type, 'category');

  // The API wrote to the store only: Redis still holds the list it had (cache-sync is not running here).
  const held = (await app.inject({ method: 'GET', url: '/api/cache/categories' })).json<{
    version: number;
    items: { categoryId: number }[];
  }>();
  assert.equal(held.version, cachedBefore.version);
  assert.ok(!held.items.some((c) => c.categoryId === 941));

  assert.equal((await call('DELETE', '/api/admin/categories/941')).statusCode, 204);
  assert.equal((await catalog.item('category-941', 'category').read()).resource, undefined, 'hard delete');
  assert.equal((await call('DELETE', '/api/admin/categories/941')).statusCode, 404);
  assert.equal(
    (await call('PUT', '/api/admin/categories/941', { name: 'x', description: '' })).statusCode,
    404,
  );
  assert.equal(
    (await call('PUT', '/api/admin/categories/5555', { name: 'x', description: '' })).statusCode,
    404,
  );
});

test('the API refuses to start with admin routes and no token; without admin routes they are absent', async () => {
  assert.throws(
    () => loadApiConfig(env()),
    (err: unknown) => err instanceof ConfigError && /ADMIN_TOKEN/.test(err.message),
  );
  const readOnly = buildApp({
    config: loadApiConfig({ ...env(), ADMIN_ROUTES: 'false' }),
    logger: pino({ level: 'silent' }),
    registry: new Registry(),
  });
  try {
    const response = await readOnly.inject({ method: 'POST', url: '/api/admin/categories', payload: valid });
    assert.equal(response.statusCode, 404);
  } finally {
    await readOnly.close();
  }
});
