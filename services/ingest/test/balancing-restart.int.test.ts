// The SDK's load-balancing loop asks for the hub's partitions without the client's retry options: one failed
// call while the namespace is away and it waits the SDK's default 30 s before it tries again (90 s when the try
// hangs), renewing and claiming nothing meanwhile. Ingest watches its ownership records and subscribes again
// when they stop being renewed (balancing-watch.ts). Here the namespace goes away for 2 s; ingest must renew
// its ownerships well before the SDK's 30 s would have, say so in its metrics, and go on storing orders.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { CosmosClient } from '@azure/cosmos';
import { EventHubConsumerClient } from '@azure/event-hubs';
import { BlobCheckpointStore } from '@azure/eventhubs-checkpointstore-blob';
import { ContainerClient } from '@azure/storage-blob';
import { ensureStore } from '@marquee/platform';
import {
  eventually,
  metricTotal,
  startLocalStack,
  startWorker,
  type LocalStack,
} from '@marquee/test-support';
import { generateEvents, sendEvents } from './helpers/orders.ts';

let stack: LocalStack;

before(async () => {
  stack = await startLocalStack({ ports: 'free' });
});

after(async () => {
  await stack?.stop();
});

test('the namespace away for 2 s: ingest renews its partitions again within seconds, not the SDK 30 s', async () => {
  const client = new CosmosClient(stack.connections.cosmos);
  const events = (await ensureStore(client, 'marquee')).container('events');
  const ingest = await startWorker(stack, 'ingest', {
    LOAD_BALANCING_INTERVAL_MS: '500',
    PARTITION_OWNERSHIP_EXPIRATION_MS: '3000',
    MAX_WAIT_TIME_SECONDS: '1',
  });
  // Only for the namespace name the ownership records are kept under; it never connects.
  const probe = new EventHubConsumerClient('$Default', stack.connections.eventHubs, 'orders');
  const store = new BlobCheckpointStore(new ContainerClient(stack.connections.storage, 'checkpoints'));
  const versions = async (): Promise<string[]> =>
    (await store.listOwnership(probe.fullyQualifiedNamespace, 'orders', '$Default'))
      .map((o) => `${o.partitionId}:${o.etag ?? ''}`)
      .sort();
  try {
    await eventually(async () => assert.equal((await versions()).length, 4, 'all 4 partitions owned'), {
      timeoutMs: 30_000,
      intervalMs: 250,
    });
    await stack.services.get('eventhubs')?.stop();
    await sleep(2_000);
    await stack.restart('eventhubs');
    const back = await versions();
    // Every record renewed (a new etag) since the namespace came back: the loop turns again. The SDK alone
    // would renew nothing for 30 s after its failed call.
    await eventually(
      async () => {
        const now = await versions();
        assert.equal(now.filter((v) => back.includes(v)).length, 0, 'every ownership renewed');
      },
      { timeoutMs: 15_000, intervalMs: 250 },
    );
    assert.ok(metricTotal(await ingest.metrics(), 'ingest_balancing_restarts_total') >= 1, 'restart counted');

    const batch = generateEvents(100, 5, { invalid: 0, duplicate: 0 });
    await sendEvents(stack.connections.eventHubs, batch.events);
    await eventually(
      async () => {
        const { resources } = await events.items.query<number>('SELECT VALUE COUNT(1) FROM c').fetchAll();
        assert.equal(resources[0], batch.uniqueIds.size, 'orders sent after the outage stored');
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    const readyz = await fetch(`${ingest.opsUrl}/readyz`);
    assert.equal(readyz.status, 200, await readyz.text());
  } finally {
    await probe.close();
    client.dispose();
    const exit = await ingest.process.stop();
    assert.equal(exit.code, 0);
  }
});
