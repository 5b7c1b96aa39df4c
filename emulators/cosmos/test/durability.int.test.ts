import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
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

test('the journal is compacted into snapshots while running: the files track live data, not history', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cosmos-compact-'));
  const sizeOfFiles = (): number =>
    readdirSync(join(dir, 'containers')).reduce(
      (sum, f) => sum + statSync(join(dir, 'containers', f)).size,
      0,
    );
  try {
    const start = () =>
      startCosmosEmulator({
        port: 0,
        dataDir: dir,
        journalCompactBytes: 16 * 1024,
        logger: pino({ level: 'silent' }),
      });
    const first = await start();
    let client = new CosmosClient(first.connectionString);
    const { database } = await client.databases.create({ id: 'compact' });
    const { container } = await database.containers.create({ id: 'c', partitionKey: '/pk' });
    // 20 items rewritten 100 times: ~2,000 journal lines for 20 live documents.
    for (let round = 0; round < 100; round++) {
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          container.items.upsert({ id: `i${i}`, pk: `p${i % 3}`, round, pad: 'x'.repeat(100) }),
        ),
      );
    }
    await new Promise((r) => setTimeout(r, 200)); // a compaction in the background finishes
    const files = readdirSync(join(dir, 'containers'));
    assert.ok(
      files.some((f) => f.endsWith('.snapshot.jsonl')),
      files.join(),
    );
    assert.ok(sizeOfFiles() < 64 * 1024, `files hold ${sizeOfFiles()} bytes for 20 live documents`);
    const { resource: before } = await container.item('i7', 'p1').read();
    client.dispose();
    await first.close();

    const second = await start();
    client = new CosmosClient(second.connectionString);
    const again = client.database('compact').container('c');
    const { resources } = await again.items.query<number>('SELECT VALUE MIN(c.round) FROM c').fetchAll();
    assert.deepEqual(resources, [99]);
    const { resource: after } = await again.item('i7', 'p1').read();
    assert.equal(after._etag, before._etag);
    client.dispose();
    await second.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
