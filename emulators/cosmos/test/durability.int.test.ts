import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChangeFeedStartFrom, CosmosClient, StatusCodes } from '@azure/cosmos';
import pino from 'pino';
import { startCosmosEmulator } from '../src/index.ts';
import { lsnOf } from './helpers.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'cosmos-emulator-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));

async function withEmulator<T>(fn: (client: CosmosClient) => Promise<T>): Promise<T> {
  const emulator = await startCosmosEmulator({ port: 0, dataDir, logger: pino({ level: 'silent' }) });
  const client = new CosmosClient(emulator.connectionString);
  try {
    return await fn(client);
  } finally {
    client.dispose();
    await emulator.close();
  }
}

test('databases, containers, items and LSNs survive a restart with dataDir; continuations stay valid', async () => {
  const saved = await withEmulator(async (client) => {
    const { database } = await client.databases.create({ id: 'durable' });
    const { container } = await database.containers.create({ id: 'c', partitionKey: '/pk', defaultTtl: -1 });
    for (let i = 0; i < 50; i++) await container.items.create({ id: `i${i}`, pk: `p${i % 5}`, n: i });
    await container.items.upsert({ id: 'i1', pk: 'p1', n: 100 });
    await container.item('i2', 'p2').delete();
    const it = container.items.getChangeFeedIterator({
      changeFeedStartFrom: ChangeFeedStartFrom.Beginning(),
    });
    let token: string;
    for (;;) {
      const res = await it.readNext();
      token = res.continuationToken;
      if (res.statusCode === StatusCodes.NotModified) break;
    }
    const { resource } = await container.item('i1', 'p1').read();
    return { token, etag: resource._etag as string, lsn: resource._lsn as number };
  });

  await withEmulator(async (client) => {
    const container = client.database('durable').container('c');
    const { resource: def } = await container.read();
    assert.equal(def?.defaultTtl, -1);
    const { resources } = await container.items.query<number>('SELECT VALUE COUNT(1) FROM c').fetchAll();
    assert.deepEqual(resources, [49]);
    const { resource } = await container.item('i1', 'p1').read();
    assert.equal(resource.n, 100);
    assert.equal(resource._etag, saved.etag);
    assert.equal((await container.item('i2', 'p2').read()).statusCode, 404);
    // The old continuation sees nothing new, then a new write with a higher LSN.
    const it = container.items.getChangeFeedIterator<{ id: string; _lsn: number }>({
      changeFeedStartFrom: ChangeFeedStartFrom.Continuation(saved.token),
    });
    assert.equal((await it.readNext()).statusCode, StatusCodes.NotModified);
    const { resource: fresh } = await container.items.create({ id: 'new', pk: 'p0' });
    assert.ok(lsnOf(fresh) > saved.lsn);
    const res = await it.readNext();
    assert.deepEqual(
      res.result.map((d) => d.id),
      ['new'],
    );
  });

  // Third start: replays a journal written after a snapshot, too.
  await withEmulator(async (client) => {
    const { resource } = await client.database('durable').container('c').item('new', 'p0').read();
    assert.equal(resource.id, 'new');
  });
});
