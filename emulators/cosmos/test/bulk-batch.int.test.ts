import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { BulkOperationType, ChangeFeedStartFrom, type OperationInput } from '@azure/cosmos';
import { freshContainer, startFixture, type Fixture } from './helpers.ts';

let fx: Fixture;
before(async () => {
  fx = await startFixture();
});
after(async () => {
  await fx.close();
});

test('executeBulkOperations: every operation type across partitions', async () => {
  const container = await freshContainer(fx.database);
  await container.items.create({ id: 'r', pk: 'p1', v: 1 });
  await container.items.create({ id: 'd', pk: 'p2', v: 1 });
  await container.items.create({ id: 'x', pk: 'p3', v: 1 });
  const creates: OperationInput[] = Array.from({ length: 200 }, (_, i) => ({
    operationType: BulkOperationType.Create,
    partitionKey: `k${i % 13}`,
    resourceBody: { id: `b${i}`, pk: `k${i % 13}`, v: i },
  }));
  const ops: OperationInput[] = [
    ...creates,
    {
      operationType: BulkOperationType.Upsert,
      partitionKey: 'p1',
      resourceBody: { id: 'u', pk: 'p1', v: 2 },
    },
    { operationType: BulkOperationType.Read, id: 'r', partitionKey: 'p1' },
    { operationType: BulkOperationType.Delete, id: 'd', partitionKey: 'p2' },
    {
      operationType: BulkOperationType.Replace,
      id: 'x',
      partitionKey: 'p3',
      resourceBody: { id: 'x', pk: 'p3', v: 9 },
    },
    {
      operationType: BulkOperationType.Patch,
      id: 'r',
      partitionKey: 'p1',
      resourceBody: { operations: [{ op: 'incr', path: '/v', value: 5 }] },
    },
    { operationType: BulkOperationType.Create, partitionKey: 'p1', resourceBody: { id: 'r', pk: 'p1' } },
  ];
  const results = await container.items.executeBulkOperations(ops);
  assert.equal(results.length, ops.length);
  const codes = results.map((r) => r.response?.statusCode ?? Number(r.error?.code));
  assert.deepEqual(codes.slice(0, 200), Array(200).fill(201));
  assert.deepEqual(codes.slice(200), [201, 200, 204, 200, 200, 409]);
  const { resources: count } = await container.items.query<number>('SELECT VALUE COUNT(1) FROM c').fetchAll();
  assert.deepEqual(count, [200 + 3]); // + u, r, x; d deleted
  const { resource: patched } = await container.item('r', 'p1').read();
  assert.equal(patched.v, 6);
});

test('items.bulk (deprecated API) still works', async () => {
  const container = await freshContainer(fx.database);
  const res = await container.items.bulk([
    { operationType: BulkOperationType.Create, resourceBody: { id: 'a', pk: 'x' } },
    { operationType: BulkOperationType.Upsert, resourceBody: { id: 'b', pk: 'y' } },
  ]);
  assert.deepEqual(
    res.map((r) => r.statusCode),
    [201, 201],
  );
});

test('bulk with contentResponseOnWriteEnabled: false answers writes without their documents, reads with theirs', async () => {
  const container = await freshContainer(fx.database);
  await container.items.create({ id: 'r', pk: 'z', v: 1 });
  const ops: OperationInput[] = [
    { operationType: BulkOperationType.Create, resourceBody: { id: 'a', pk: 'x', v: 1 } },
    { operationType: BulkOperationType.Upsert, resourceBody: { id: 'b', pk: 'y', v: 2 } },
    { operationType: BulkOperationType.Read, id: 'r', partitionKey: 'z' },
    { operationType: BulkOperationType.Create, resourceBody: { id: 'a', pk: 'x', v: 3 } },
  ];
  const minimal = await container.items.bulk(
    ops,
    { continueOnError: true },
    { contentResponseOnWriteEnabled: false },
  );
  assert.deepEqual(
    minimal.map((r) => [r.statusCode, r.resourceBody?.id]),
    [
      [201, undefined],
      [201, undefined],
      [200, 'r'],
      [409, undefined],
    ],
  );
  assert.ok(minimal[0]?.eTag, 'a minimal answer still carries the ETag');
  const full = await container.items.bulk([
    { operationType: BulkOperationType.Create, resourceBody: { id: 'c', pk: 'x', v: 4 } },
  ]);
  assert.equal(full[0]?.resourceBody?.v, 4);
});

test('transactional batch: all operation types in one partition', async () => {
  const container = await freshContainer(fx.database);
  await container.items.create({ id: 'existing', pk: 'p', v: 1 });
  await container.items.create({ id: 'gone', pk: 'p', v: 1 });
  const res = await container.items.batch(
    [
      { operationType: BulkOperationType.Create, resourceBody: { id: 'n1', pk: 'p', v: 1 } },
      { operationType: BulkOperationType.Upsert, resourceBody: { id: 'n2', pk: 'p', v: 2 } },
      {
        operationType: BulkOperationType.Replace,
        id: 'existing',
        resourceBody: { id: 'existing', pk: 'p', v: 3 },
      },
      { operationType: BulkOperationType.Delete, id: 'gone' },
      { operationType: BulkOperationType.Read, id: 'n1' },
      {
        operationType: BulkOperationType.Patch,
        id: 'n2',
        resourceBody: { operations: [{ op: 'set', path: '/v', value: 20 }] },
      },
    ],
    'p',
  );
  assert.equal(res.code, 200);
  assert.deepEqual(
    res.result?.map((r) => r.statusCode),
    [201, 201, 200, 204, 200, 200],
  );
  assert.equal(res.result?.[4]?.resourceBody?.id, 'n1');
  const { resources } = await container.items
    .query('SELECT c.id, c.v FROM c ORDER BY c.id', { partitionKey: 'p' })
    .fetchAll();
  assert.deepEqual(resources, [
    { id: 'existing', v: 3 },
    { id: 'n1', v: 1 },
    { id: 'n2', v: 20 },
  ]);
});

test('transactional batch is all or nothing: a failing op rolls back the rest (424) and leaves no change feed trace', async () => {
  const container = await freshContainer(fx.database);
  await container.items.create({ id: 'dup', pk: 'p', v: 1 });
  const before = await container.items.readAll().fetchAll();
  const res = await container.items.batch(
    [
      { operationType: BulkOperationType.Create, resourceBody: { id: 'fresh', pk: 'p' } },
      { operationType: BulkOperationType.Upsert, resourceBody: { id: 'dup', pk: 'p', v: 99 } },
      { operationType: BulkOperationType.Create, resourceBody: { id: 'dup', pk: 'p' } }, // 409 (staged upsert exists)
      { operationType: BulkOperationType.Delete, id: 'dup' },
    ],
    'p',
  );
  assert.equal(res.code, 207);
  assert.deepEqual(
    res.result?.map((r) => r.statusCode),
    [424, 424, 409, 424],
  );
  const afterAll = await container.items.readAll().fetchAll();
  assert.deepEqual(afterAll.resources, before.resources);
  const { resource } = await container.item('dup', 'p').read();
  assert.equal(resource.v, 1);
  assert.equal((await container.item('fresh', 'p').read()).statusCode, 404);
  const feed = await container.items
    .getChangeFeedIterator<{ id: string; v: number }>({
      changeFeedStartFrom: ChangeFeedStartFrom.Beginning(),
    })
    .readNext();
  assert.deepEqual(
    feed.result.map((d) => [d.id, d.v]),
    [['dup', 1]],
  );

  const missing = await container.items.batch(
    [
      { operationType: BulkOperationType.Create, resourceBody: { id: 'fresh2', pk: 'p' } },
      { operationType: BulkOperationType.Replace, id: 'nothere', resourceBody: { id: 'nothere', pk: 'p' } },
    ],
    'p',
  );
  assert.deepEqual(
    missing.result?.map((r) => r.statusCode),
    [424, 404],
  );
  assert.equal((await container.item('fresh2', 'p').read()).statusCode, 404);
});
