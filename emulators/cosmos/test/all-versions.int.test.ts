import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ChangeFeedMode,
  ChangeFeedStartFrom,
  StatusCodes,
  type ChangeFeedPullModelIterator,
  type ErrorResponse,
} from '@azure/cosmos';
import { freshContainer, lsnOf, startFixture, type Fixture } from './helpers.ts';

let fx: Fixture;
before(async () => {
  fx = await startFixture();
});
after(async () => {
  await fx.close();
});

interface Change {
  current?: { id: string; v?: number; _lsn: number };
  metadata: {
    operationType: string;
    lsn: number;
    crts: number;
    previousImageLSN?: number;
    id?: string;
    partitionKey?: Record<string, unknown>;
    timeToLiveExpired?: boolean;
  };
}

async function drain(it: ChangeFeedPullModelIterator<Change>): Promise<{ items: Change[]; token: string }> {
  const items: Change[] = [];
  for (;;) {
    const res = await it.readNext();
    if (res.statusCode === StatusCodes.NotModified) return { items, token: res.continuationToken };
    items.push(...res.result);
  }
}

test('all versions and deletes: creates, replaces and deletes with metadata, from now and from a continuation', async () => {
  const container = await freshContainer(fx.database);
  await container.items.create({ id: 'before', pk: 'p', v: 0 });
  const it = container.items.getChangeFeedIterator<Change>({
    changeFeedStartFrom: ChangeFeedStartFrom.Now(),
    changeFeedMode: ChangeFeedMode.AllVersionsAndDeletes,
    maxItemCount: 2,
  });
  assert.equal((await it.readNext()).statusCode, StatusCodes.NotModified);

  const { resource: created } = await container.items.create({ id: 'a', pk: 'p', v: 1 });
  const { resource: replaced } = await container.items.upsert({ id: 'a', pk: 'p', v: 2 });
  await container.item('a', 'p').delete();
  await container.items.create({ id: 'b', pk: 'q', v: 1 });

  const { items, token } = await drain(it);
  assert.deepEqual(items.map((c) => [c.metadata.operationType, c.current?.id ?? c.metadata.id]).sort(), [
    ['create', 'a'],
    ['create', 'b'],
    ['delete', 'a'],
    ['replace', 'a'],
  ]);
  const forA = items.filter((c) => (c.current?.id ?? c.metadata.id) === 'a');
  assert.deepEqual(
    forA.map((c) => c.metadata.operationType),
    ['create', 'replace', 'delete'],
  );
  assert.equal(forA[0]!.metadata.lsn, lsnOf(created));
  assert.equal(forA[1]!.metadata.previousImageLSN, lsnOf(created));
  assert.equal(forA[1]!.current?.v, 2);
  assert.equal(forA[2]!.metadata.previousImageLSN, lsnOf(replaced));
  assert.deepEqual(forA[2]!.metadata.partitionKey, { pk: 'p' });
  assert.equal(forA[2]!.metadata.timeToLiveExpired, false);
  assert.equal(forA[2]!.current, undefined);
  assert.ok(forA.every((c) => typeof c.metadata.crts === 'number' && c.metadata.crts > 0));

  await container.items.upsert({ id: 'b', pk: 'q', v: 2 });
  const resumed = await drain(
    container.items.getChangeFeedIterator<Change>({
      changeFeedStartFrom: ChangeFeedStartFrom.Continuation(token),
      changeFeedMode: ChangeFeedMode.AllVersionsAndDeletes,
    }),
  );
  assert.deepEqual(
    resumed.items.map((c) => [c.metadata.operationType, c.current?.v]),
    [['replace', 2]],
  );
});

test('all versions and deletes rejects starting from the beginning, like the service', async () => {
  const container = await freshContainer(fx.database);
  await container.items.create({ id: 'a', pk: 'p' });
  const it = container.items.getChangeFeedIterator<Change>({
    changeFeedStartFrom: ChangeFeedStartFrom.Beginning(),
    changeFeedMode: ChangeFeedMode.AllVersionsAndDeletes,
  });
  await assert.rejects(it.readNext(), (err: ErrorResponse) => err.code === 400);
});
