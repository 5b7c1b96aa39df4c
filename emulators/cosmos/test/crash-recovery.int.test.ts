import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { ChangeFeedStartFrom, CosmosClient } from '@azure/cosmos';

const dataDir = mkdtempSync(join(tmpdir(), 'cosmos-crash-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));
const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url));

/** Runs the CLI as its own process; resolves with it and the connection string it prints. */
async function startCli(): Promise<{ child: ChildProcess; connectionString: string }> {
  const child = spawn(process.execPath, [cli, '--port', '0', '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const connectionString = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`emulator exited with ${code}`)));
    lines.on('line', (line) => {
      if (line.startsWith('AccountEndpoint=')) resolve(line.trim());
    });
  });
  return { child, connectionString };
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

test('acknowledged writes survive a SIGKILL (journal replay without a snapshot); SIGTERM stops cleanly', async () => {
  const first = await startCli();
  let client = new CosmosClient(first.connectionString);
  const { database } = await client.databases.create({ id: 'crash' });
  const { container } = await database.containers.create({ id: 'c', partitionKey: '/pk' });
  await Promise.all(
    Array.from({ length: 100 }, (_, i) => container.items.create({ id: `i${i}`, pk: `p${i % 9}`, n: i })),
  );
  await container.items.upsert({ id: 'i5', pk: 'p5', n: 500 });
  await container.item('i6', 'p6').delete();
  client.dispose();
  const killed = exited(first.child);
  first.child.kill('SIGKILL');
  await killed;

  const second = await startCli();
  client = new CosmosClient(second.connectionString);
  try {
    const c = client.database('crash').container('c');
    const { resources } = await c.items.query<number>('SELECT VALUE COUNT(1) FROM c').fetchAll();
    assert.deepEqual(resources, [99]);
    assert.equal((await c.item('i5', 'p5').read()).resource.n, 500);
    assert.equal((await c.item('i6', 'p6').read()).statusCode, 404);
    const feed = c.items.getChangeFeedIterator({
      changeFeedStartFrom: ChangeFeedStartFrom.Beginning(),
      maxItemCount: 1000,
    });
    let count = 0;
    for (let i = 0; i < 8; i++) count += (await feed.readNext()).result.length;
    assert.equal(count, 99);
  } finally {
    client.dispose();
    const stopped = exited(second.child);
    second.child.kill('SIGTERM');
    await stopped;
    assert.equal(second.child.exitCode, 0);
  }
});
