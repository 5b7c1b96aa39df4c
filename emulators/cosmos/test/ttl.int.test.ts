import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ChangeFeedMode, ChangeFeedStartFrom, StatusCodes } from '@azure/cosmos';
import { freshContainer, sleep, startFixture, type Fixture } from './helpers.ts';

let fx: Fixture;
before(async () => {
  fx = await startFixture({ ttlSweepIntervalMs: 100 });
});
after(async () => {
  await fx.close();
});

test('defaultTtl expires items from reads, queries and the latest-version feed', async () => {
  // 2 s, read at once: on a loaded machine the writes that follow can take longer than 1 s.
  const container = await freshContainer(fx.database, { defaultTtl: 2 });
  await container.items.create({ id: 'short', pk: 'p' });
  assert.equal((await container.item('short', 'p').read()).statusCode, 200);
  await container.items.create({ id: 'forever', pk: 'p', ttl: -1 });
  await container.items.create({ id: 'longer', pk: 'p', ttl: 30 });
  await sleep(2300);
  assert.equal((await container.item('short', 'p').read()).statusCode, 404);
  const { resources } = await container.items.query<string>('SELECT VALUE c.id FROM c').fetchAll();
  assert.deepEqual(resources.sort(), ['forever', 'longer']);
  const feed = await container.items
    .getChangeFeedIterator<{ id: string }>({ changeFeedStartFrom: ChangeFeedStartFrom.Beginning() })
    .readNext();
  assert.deepEqual(feed.result.map((d) => d.id).sort(), ['forever', 'longer']);
});

test('per-item ttl with defaultTtl -1, and the sweep emits a TTL delete in the all-versions feed', async () => {
  const container = await freshContainer(fx.database, { defaultTtl: -1 });
  const it = container.items.getChangeFeedIterator<{
    metadata: { operationType: string; id?: string; timeToLiveExpired?: boolean };
  }>({
    changeFeedStartFrom: ChangeFeedStartFrom.Now(),
    changeFeedMode: ChangeFeedMode.AllVersionsAndDeletes,
  });
  assert.equal((await it.readNext()).statusCode, StatusCodes.NotModified);
  await container.items.create({ id: 'brief', pk: 'p', ttl: 1 });
  await container.items.create({ id: 'stays', pk: 'p' });
  await sleep(1400); // expiry after 1 s, sweep every 100 ms
  const seen: { operationType: string; id?: string; timeToLiveExpired?: boolean }[] = [];
  for (;;) {
    const res = await it.readNext();
    if (res.statusCode === StatusCodes.NotModified) break;
    seen.push(...res.result.map((c) => c.metadata));
  }
  const deletes = seen.filter((m) => m.operationType === 'delete');
  assert.deepEqual(
    deletes.map((m) => [m.id, m.timeToLiveExpired]),
    [['brief', true]],
  );
  assert.equal((await container.item('stays', 'p').read()).statusCode, 200);
});

test('item ttl is ignored when the container has no defaultTtl', async () => {
  const container = await freshContainer(fx.database);
  await container.items.create({ id: 'x', pk: 'p', ttl: 1 });
  await sleep(1200);
  assert.equal((await container.item('x', 'p').read()).statusCode, 200);
});

test('a replaced item keeps only its new ttl; turning TTL on later applies to existing items', async () => {
  const container = await freshContainer(fx.database, { defaultTtl: -1 });
  await container.items.create({ id: 'renewed', pk: 'p', ttl: 1 });
  await container.items.upsert({ id: 'renewed', pk: 'p', ttl: 60 });
  const plain = await freshContainer(fx.database);
  await plain.items.create({ id: 'later', pk: 'p', ttl: 1 });
  const { resource: def } = await plain.read();
  await plain.replace({ id: plain.id, partitionKey: def?.partitionKey, defaultTtl: -1 });
  await sleep(1300);
  assert.equal((await container.item('renewed', 'p').read()).statusCode, 200);
  assert.equal((await plain.item('later', 'p').read()).statusCode, 404);
});
