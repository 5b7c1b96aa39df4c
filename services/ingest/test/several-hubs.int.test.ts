// One ingest consuming two hubs (one per region), as after a client retried an order in the other region: the
// order arrives through both hubs and is stored once; malformed events at the same position of each hub are two
// dead letters, not one overwriting the other.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CosmosClient } from '@azure/cosmos';
import { ensureStore } from '@marquee/platform';
import { eventually, startLocalStack, startWorker, type LocalStack } from '@marquee/test-support';
import { generateEvents, sendEvents } from './helpers/orders.ts';

const HUBS = ['orders-region1', 'orders-region2'];
let stack: LocalStack;
let work: string;

before(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'several-hubs-'));
  const hubsFile = path.join(work, 'hubs.json');
  // One partition each: the same event order in both hubs, so positions line up.
  writeFileSync(hubsFile, JSON.stringify({ hubs: HUBS.map((name) => ({ name, partitionCount: 1 })) }));
  stack = await startLocalStack({ ports: 'free', eventHubsConfigFile: hubsFile });
});

after(async () => {
  await stack?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

test('an order sent through both regions is stored once, and each hub keeps its own dead letters', async () => {
  const batch = generateEvents(600, 21, { invalid: 0.02, duplicate: 0 });
  const client = new CosmosClient(stack.connections.cosmos);
  const database = await ensureStore(client, 'marquee');
  const ingest = await startWorker(stack, 'ingest', {
    EVENTHUB_NAMES: HUBS.join(','),
    MAX_WAIT_TIME_SECONDS: '1',
  });
  try {
    // Every event goes to region 1; the first half also to region 2 (a retry in the other region).
    await Promise.all([
      sendEvents(stack.connections.eventHubs, batch.events, HUBS[0]),
      sendEvents(stack.connections.eventHubs, batch.events.slice(0, 300), HUBS[1]),
    ]);
    const invalidInBoth = batch.events.slice(0, 300).filter((e) => e.kind.startsWith('invalid')).length;
    const count = async (container: string): Promise<number> =>
      (await database.container(container).items.query<number>('SELECT VALUE COUNT(1) FROM c').fetchAll())
        .resources[0] ?? 0;
    await eventually(
      async () => {
        assert.equal(await count('events'), batch.uniqueIds.size, 'each order once');
        assert.equal(await count('deadletters'), batch.invalid + invalidInBoth, 'each hub its own');
      },
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    const { resources } = await database
      .container('events')
      .items.query<string>('SELECT VALUE c.source.eventHub FROM c')
      .fetchAll();
    assert.ok(
      resources.length >= 1 && resources.every((hub) => HUBS.includes(hub)),
      'the source names its hub',
    );
  } finally {
    client.dispose();
    const exit = await ingest.process.stop();
    assert.equal(exit.code, 0);
  }
});
