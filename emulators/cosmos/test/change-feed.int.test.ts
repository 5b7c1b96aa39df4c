import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ChangeFeedStartFrom,
  CosmosClient,
  StatusCodes,
  type Container,
  type ChangeFeedPullModelIterator,
} from '@azure/cosmos';
import { freshContainer, sleep, startFixture, type Fixture } from './helpers.ts';

let fx: Fixture;
before(async () => {
  fx = await startFixture();
});
after(async () => {
  await fx.close();
});

type Doc = { id: string; pk: string; n?: number; _lsn?: number };

/** Reads until the iterator reports 304; returns items and the last continuation. */
async function drain(
  it: ChangeFeedPullModelIterator<Doc>,
): Promise<{ items: Doc[]; token: string; pages: number }> {
  const items: Doc[] = [];
  let token: string;
  let pages = 0;
  for (;;) {
    const res = await it.readNext();
    token = res.continuationToken;
    if (res.statusCode === StatusCodes.NotModified) return { items, token, pages };
    pages++;
    items.push(...res.result);
  }
}

async function writeMany(container: Container, count: number, prefix = 'd'): Promise<void> {
  const batch: Promise<unknown>[] = [];
  for (let i = 0; i < count; i++) {
    batch.push(container.items.create({ id: `${prefix}${i}`, pk: `p${i % 37}`, n: i }));
    if (batch.length === 50) await Promise.all(batch.splice(0));
  }
  await Promise.all(batch);
}

test('1,000 changes paged by 100 from the beginning: nothing lost, each page at most 100, LSN order per range', async () => {
  const container = await freshContainer(fx.database);
  await writeMany(container, 1000);
  const it = container.items.getChangeFeedIterator<Doc>({
    changeFeedStartFrom: ChangeFeedStartFrom.Beginning(),
    maxItemCount: 100,
  });
  const seen = new Set<string>();
  let pages = 0;
  for (;;) {
    const res = await it.readNext();
    if (res.statusCode === StatusCodes.NotModified) break;
    pages++;
    assert.ok(res.result.length <= 100);
    for (let i = 1; i < res.result.length; i++) {
      assert.ok((res.result[i]!._lsn ?? 0) > (res.result[i - 1]!._lsn ?? 0), 'LSN order within a page');
    }
    for (const d of res.result) seen.add(d.id);
  }
  assert.equal(seen.size, 1000);
  assert.ok(pages >= 10);
});

test('latest version: one entry per item, with its latest version', async () => {
  const container = await freshContainer(fx.database);
  await container.items.create({ id: 'a', pk: 'x', n: 1 });
  await container.items.upsert({ id: 'a', pk: 'x', n: 2 });
  await container.items.create({ id: 'b', pk: 'x', n: 1 });
  await container.item('b', 'x').delete();
  const { items } = await drain(
    container.items.getChangeFeedIterator<Doc>({ changeFeedStartFrom: ChangeFeedStartFrom.Beginning() }),
  );
  assert.deepEqual(
    items.map((d) => [d.id, d.n]),
    [['a', 2]],
  );
});

test('resume from a saved continuation with a new client sees only later changes', async () => {
  const container = await freshContainer(fx.database);
  await writeMany(container, 120, 'first');
  const first = await drain(
    container.items.getChangeFeedIterator<Doc>({
      changeFeedStartFrom: ChangeFeedStartFrom.Beginning(),
      maxItemCount: 50,
    }),
  );
  assert.equal(first.items.length, 120);
  await writeMany(container, 30, 'second');
  await container.items.upsert({ id: 'first0', pk: 'p0', n: -1 });

  const client = new CosmosClient(fx.emulator.connectionString);
  try {
    const again = client.database(fx.database.id).container(container.id);
    const second = await drain(
      again.items.getChangeFeedIterator<Doc>({
        changeFeedStartFrom: ChangeFeedStartFrom.Continuation(first.token),
        maxItemCount: 7,
      }),
    );
    assert.equal(second.items.length, 31);
    assert.ok(second.items.every((d) => d.id.startsWith('second') || (d.id === 'first0' && d.n === -1)));
  } finally {
    client.dispose();
  }
});

test('Now sees only later writes; 304 with an etag when idle', async () => {
  const container = await freshContainer(fx.database);
  await writeMany(container, 20, 'old');
  const it = container.items.getChangeFeedIterator<Doc>({ changeFeedStartFrom: ChangeFeedStartFrom.Now() });
  const idle = await it.readNext();
  assert.equal(idle.statusCode, StatusCodes.NotModified);
  assert.ok(idle.continuationToken.length > 0);
  const idleAgain = await it.readNext();
  assert.equal(idleAgain.statusCode, StatusCodes.NotModified);
  await writeMany(container, 5, 'new');
  const { items } = await drain(it);
  assert.deepEqual(items.map((d) => d.id).sort(), ['new0', 'new1', 'new2', 'new3', 'new4']);
  const after = await it.readNext();
  assert.equal(after.statusCode, StatusCodes.NotModified);
});

test('feed ranges: several, each sees only its own items, and their union is the container', async () => {
  const container = await freshContainer(fx.database);
  await writeMany(container, 300);
  const ranges = await container.getFeedRanges();
  assert.equal(ranges.length, 4);
  const union = new Map<string, number>();
  for (const range of ranges) {
    const { items } = await drain(
      container.items.getChangeFeedIterator<Doc>({
        changeFeedStartFrom: ChangeFeedStartFrom.Beginning(range),
        maxItemCount: 40,
      }),
    );
    assert.ok(items.length > 0 && items.length < 300, `range has ${items.length}`);
    for (const d of items) union.set(d.id, (union.get(d.id) ?? 0) + 1);
    // Every item of a logical partition lives in one range.
    const pks = new Set(items.map((d) => d.pk));
    for (const other of ranges) {
      if (other === range) continue;
      const { items: otherItems } = await drain(
        container.items.getChangeFeedIterator<Doc>({
          changeFeedStartFrom: ChangeFeedStartFrom.Beginning(other),
        }),
      );
      assert.ok(otherItems.every((d) => !pks.has(d.pk)));
    }
  }
  assert.equal(union.size, 300);
  assert.ok([...union.values()].every((n) => n === 1));
  const { resources: all } = await container.items.readAll().fetchAll();
  assert.deepEqual([...union.keys()].sort(), all.map((d) => d.id).sort());
});

test('partition key scope and point-in-time start', async () => {
  const container = await freshContainer(fx.database);
  await container.items.create({ id: 'a', pk: 'one' });
  await container.items.create({ id: 'b', pk: 'two' });
  await container.items.create({ id: 'c', pk: 'one' });
  const byPk = await drain(
    container.items.getChangeFeedIterator<Doc>({ changeFeedStartFrom: ChangeFeedStartFrom.Beginning('one') }),
  );
  assert.deepEqual(
    byPk.items.map((d) => d.id),
    ['a', 'c'],
  );
  await container.items.create({ id: 'd', pk: 'one' });
  const resumed = await drain(
    container.items.getChangeFeedIterator<Doc>({
      changeFeedStartFrom: ChangeFeedStartFrom.Continuation(byPk.token),
    }),
  );
  assert.deepEqual(
    resumed.items.map((d) => d.id),
    ['d'],
  );

  await sleep(1100);
  const since = new Date();
  await sleep(1100);
  await container.items.create({ id: 'late', pk: 'two' });
  const timed = await drain(
    container.items.getChangeFeedIterator<Doc>({ changeFeedStartFrom: ChangeFeedStartFrom.Time(since) }),
  );
  assert.deepEqual(
    timed.items.map((d) => d.id),
    ['late'],
  );
});

test('responses carry a session token with the current LSN, as the service does', async () => {
  const container = await freshContainer(fx.database);
  await writeMany(container, 10);
  const { resource } = await container.items.upsert({ id: 'last', pk: 'p1' });
  const res = await container.items
    .getChangeFeedIterator<Doc>({ changeFeedStartFrom: ChangeFeedStartFrom.Beginning('p1') })
    .readNext();
  assert.match(res.sessionToken ?? '', /^\d+:-1#\d+$/);
  assert.equal(Number(res.sessionToken?.split('#')[1]), resource?._lsn);
});
