import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CosmosClient, ErrorResponse, PatchOperationType } from '@azure/cosmos';
import { EMULATOR_KEY } from '../src/index.ts';
import { freshContainer, lsnOf, startFixture, type Fixture } from './helpers.ts';

let fx: Fixture;
before(async () => {
  fx = await startFixture();
});
after(async () => {
  await fx.close();
});

async function status(p: Promise<unknown>): Promise<number> {
  try {
    await p;
    return 0;
  } catch (err) {
    assert.ok(err instanceof ErrorResponse || typeof (err as ErrorResponse).code === 'number', String(err));
    return Number((err as ErrorResponse).code);
  }
}

test('both client shapes work: connection string with localhost, and endpoint/key without discovery', async () => {
  const viaLocalhost = new CosmosClient(
    `AccountEndpoint=http://localhost:${fx.emulator.port}/;AccountKey=${EMULATOR_KEY};`,
  );
  const viaOptions = new CosmosClient({
    endpoint: fx.emulator.endpoint,
    key: fx.emulator.key,
    connectionPolicy: { enableEndpointDiscovery: false },
  });
  try {
    const { resource: account } = await viaLocalhost.getDatabaseAccount();
    assert.equal(
      account?.writableLocations[0]?.databaseAccountEndpoint,
      `http://localhost:${fx.emulator.port}/`,
    );
    const { database } = await viaOptions.databases.createIfNotExists({ id: 'shapes' });
    const { container } = await database.containers.createIfNotExists({
      id: 'c',
      partitionKey: { paths: ['/pk'] },
    });
    await container.items.create({ id: 'a', pk: 'x' });
    const { resource } = await viaLocalhost.database('shapes').container('c').item('a', 'x').read();
    assert.equal(resource?.id, 'a');
  } finally {
    viaLocalhost.dispose();
    viaOptions.dispose();
  }
});

test('databases and containers: create, createIfNotExists, read, replace, delete', async () => {
  const { database, statusCode } = await fx.client.databases.create({ id: 'meta' });
  assert.equal(statusCode, 201);
  assert.equal(await status(fx.client.databases.create({ id: 'meta' })), 409);
  const again = await fx.client.databases.createIfNotExists({ id: 'meta' });
  assert.equal(again.statusCode, 200);
  const { container, resource } = await database.containers.create({
    id: 'k',
    partitionKey: '/tenant',
    defaultTtl: -1,
  });
  assert.deepEqual(resource?.partitionKey, { paths: ['/tenant'], kind: 'Hash', version: 2 });
  assert.equal(resource?.defaultTtl, -1);
  const { resource: read } = await container.read();
  assert.equal(read?.id, 'k');
  const { resource: replaced } = await container.replace({
    id: 'k',
    partitionKey: read?.partitionKey,
    defaultTtl: 60,
  });
  assert.equal(replaced?.defaultTtl, 60);
  const { resources: list } = await database.containers.readAll().fetchAll();
  assert.deepEqual(
    list.map((c) => c.id),
    ['k'],
  );
  await container.delete();
  assert.equal(await status(container.read()), 404);
  await database.delete();
  assert.equal(await status(database.read()), 404);
});

test('item CRUD with system properties and a per-container increasing _lsn', async () => {
  const container = await freshContainer(fx.database);
  const created = await container.items.create({ id: 'a', pk: 'p', v: 1 });
  assert.equal(created.statusCode, 201);
  const doc = created.resource!;
  for (const prop of ['_rid', '_self', '_etag', '_ts', '_lsn']) assert.ok(prop in doc, `missing ${prop}`);
  assert.equal(created.etag, doc._etag);

  const { resource: read } = await container.item('a', 'p').read();
  assert.equal(read.v, 1);

  const replaced = await container.item('a', 'p').replace({ id: 'a', pk: 'p', v: 2 });
  assert.equal(replaced.resource?.v, 2);
  assert.notEqual(replaced.resource?._etag, doc._etag);
  assert.equal(replaced.resource?._rid, doc._rid);
  assert.ok(lsnOf(replaced.resource) > lsnOf(doc));

  const upserted = await container.items.upsert({ id: 'b', pk: 'p', v: 3 });
  assert.equal(upserted.statusCode, 201);
  const upsertedAgain = await container.items.upsert({ id: 'b', pk: 'p', v: 4 });
  assert.equal(upsertedAgain.statusCode, 200);
  assert.ok(lsnOf(upsertedAgain.resource) > lsnOf(replaced.resource));

  const patched = await container.item('a', 'p').patch([
    { op: PatchOperationType.incr, path: '/v', value: 10 },
    { op: PatchOperationType.add, path: '/tags', value: ['x'] },
    { op: PatchOperationType.set, path: '/nested', value: { deep: true } },
  ]);
  assert.equal(patched.resource?.v, 12);
  assert.deepEqual(patched.resource?.tags, ['x']);
  assert.deepEqual(patched.resource?.nested, { deep: true });

  const removed = await container.item('a', 'p').patch([{ op: PatchOperationType.remove, path: '/tags' }]);
  assert.equal('tags' in (removed.resource ?? {}), false);

  const deleted = await container.item('a', 'p').delete();
  assert.equal(deleted.statusCode, 204);
  const missing = await container.item('a', 'p').read();
  assert.equal(missing.statusCode, 404);
  assert.equal(missing.resource, undefined);
  assert.equal(await status(container.item('a', 'p').delete()), 404);
  assert.equal(await status(container.item('a', 'p').replace({ id: 'a', pk: 'p' })), 404);
});

test('conflicts and preconditions: 409 on duplicate create, 412 on stale If-Match', async () => {
  const container = await freshContainer(fx.database);
  const { resource: first } = await container.items.create({ id: 'x', pk: 'p', n: 1 });
  assert.equal(await status(container.items.create({ id: 'x', pk: 'p' })), 409);
  // Same id in another logical partition is a different item.
  assert.equal((await container.items.create({ id: 'x', pk: 'q' })).statusCode, 201);

  const ok = await container.item('x', 'p').replace(
    { id: 'x', pk: 'p', n: 2 },
    {
      accessCondition: { type: 'IfMatch', condition: first!._etag },
    },
  );
  assert.equal(ok.statusCode, 200);
  const staleEtag = first!._etag;
  assert.equal(
    await status(
      container
        .item('x', 'p')
        .replace({ id: 'x', pk: 'p', n: 3 }, { accessCondition: { type: 'IfMatch', condition: staleEtag } }),
    ),
    412,
  );
  assert.equal(
    await status(
      container.item('x', 'p').delete({ accessCondition: { type: 'IfMatch', condition: staleEtag } }),
    ),
    412,
  );
  assert.equal(
    await status(
      container.items.upsert(
        { id: 'x', pk: 'p', n: 4 },
        { accessCondition: { type: 'IfMatch', condition: staleEtag } },
      ),
    ),
    412,
  );
  assert.equal(
    await status(
      container
        .item('x', 'p')
        .patch({ operations: [{ op: 'set', path: '/n', value: 9 }], condition: 'FROM c WHERE c.n = 100' }),
    ),
    412,
  );
  const { resource } = await container.item('x', 'p').read();
  assert.equal(resource.n, 2);
  // If-None-Match on read: 304 when unchanged.
  const notModified = await container
    .item('x', 'p')
    .read({ accessCondition: { type: 'IfNoneMatch', condition: resource._etag } });
  assert.equal(notModified.statusCode, 304);
});

test('wrong requests get the service status codes', async () => {
  const container = await freshContainer(fx.database);
  assert.equal(
    await status(container.items.create({ id: 'big', pk: 'p', blob: 'x'.repeat(2 * 1024 * 1024 + 10) })),
    413,
  );
  assert.equal(await status(container.items.query('SELEKT * FROM c').fetchAll()), 400);
  assert.equal(await status(container.items.create({ id: 't', pk: 'p', ttl: 0 })), 400);
  assert.equal(
    await status(
      fx.client
        .database('nope')
        .container('none')
        .item('a', 'p')
        .read()
        .then((r) => {
          if (r.statusCode === 404) throw Object.assign(new Error('nf'), { code: 404 });
        }),
    ),
    404,
  );
  assert.equal(await status(fx.database.container('missing').items.create({ id: 'a', pk: 'p' })), 404);
  // Resources the emulator does not implement answer 404 like a missing resource, never a crash.
  assert.equal(await status(container.scripts.storedProcedures.readAll().fetchAll()), 404);
});
