// EventHubConsumerClient with BlobCheckpointStore on Azurite: resume from checkpoints and load balancing.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  EventHubConsumerClient,
  EventHubProducerClient,
  earliestEventPosition,
  type Subscription,
} from '@azure/event-hubs';
import { BlobCheckpointStore } from '@azure/eventhubs-checkpointstore-blob';
import { ContainerClient } from '@azure/storage-blob';
import type { RunningEventHubsEmulator } from '../src/index.ts';
import { startAzurite, type RunningAzurite } from './helpers/azurite.ts';
import { eventually, startTestEmulator } from './helpers/emulator.ts';

let emulator: RunningEventHubsEmulator;
let azurite: RunningAzurite;
let producer: EventHubProducerClient;

before(async () => {
  [emulator, azurite] = await Promise.all([
    startTestEmulator({
      hubs: [
        { name: 'orders', partitionCount: 4 },
        { name: 'shared', partitionCount: 4 },
      ],
    }),
    startAzurite(),
  ]);
  producer = new EventHubProducerClient(emulator.connectionString, 'orders');
});

after(async () => {
  await producer.close();
  await Promise.all([emulator.close(), azurite.close()]);
});

async function checkpointStore(name: string): Promise<BlobCheckpointStore> {
  const container = new ContainerClient(azurite.connectionString, name);
  await container.createIfNotExists();
  return new BlobCheckpointStore(container);
}

const fastBalancing = {
  updateIntervalInMs: 250,
  partitionOwnershipExpirationIntervalInMs: 3000,
};

test('a consumer resumes after close from the last checkpoint: no gap, no replay', async (t) => {
  const store = await checkpointStore('resume');
  for (const partitionId of ['0', '1', '2', '3']) {
    await producer.sendBatch(
      Array.from({ length: 10 }, (_, i) => ({ body: `${partitionId}-${i}` })),
      { partitionId },
    );
  }
  const seen: string[] = [];
  // First run: process 6 events per partition, checkpointing after each batch, then stop.
  const first = new EventHubConsumerClient('$Default', emulator.connectionString, 'orders', store, {
    loadBalancingOptions: fastBalancing,
  });
  const perPartition = new Map<string, number>();
  const sub1 = first.subscribe(
    {
      processEvents: async (events, ctx) => {
        const done = perPartition.get(ctx.partitionId) ?? 0;
        const take = events.slice(0, Math.max(0, 6 - done));
        if (take.length === 0) return;
        seen.push(...take.map((e) => String(e.body)));
        perPartition.set(ctx.partitionId, done + take.length);
        await ctx.updateCheckpoint(take.at(-1)!);
      },
      processError: async () => undefined,
    },
    { startPosition: earliestEventPosition, maxBatchSize: 4, maxWaitTimeInSeconds: 0.2 },
  );
  // A failed wait must not leave a client reconnecting forever: that would keep this file from ending.
  t.after(() => sub1.close().then(() => first.close()));
  await eventually(() => [...perPartition.values()].filter((n) => n === 6).length === 4);
  await sub1.close();
  await first.close();

  // Second run: picks up exactly where the checkpoints are.
  for (const partitionId of ['0', '1', '2', '3']) {
    await producer.sendBatch([{ body: `${partitionId}-10` }], { partitionId });
  }
  const second = new EventHubConsumerClient('$Default', emulator.connectionString, 'orders', store, {
    loadBalancingOptions: fastBalancing,
  });
  const resumed: string[] = [];
  const sub2 = second.subscribe(
    {
      processEvents: async (events) => {
        resumed.push(...events.map((e) => String(e.body)));
      },
      processError: async () => undefined,
    },
    { startPosition: earliestEventPosition, maxBatchSize: 20, maxWaitTimeInSeconds: 0.2 },
  );
  t.after(() => sub2.close().then(() => second.close()));
  await eventually(() => resumed.length >= 20);
  await new Promise((r) => setTimeout(r, 300)); // anything extra (a replay) would show up here
  await sub2.close();
  await second.close();

  const expected = (from: number, to: number): string[] =>
    ['0', '1', '2', '3'].flatMap((p) => Array.from({ length: to - from }, (_, i) => `${p}-${from + i}`));
  assert.deepEqual([...seen].sort(), expected(0, 6).sort());
  assert.deepEqual([...resumed].sort(), expected(6, 11).sort());
});

test('two consumers share 4 partitions; when one closes the other takes over and nothing is lost', async (t) => {
  const store = await checkpointStore('balance');
  const hubProducer = new EventHubProducerClient(emulator.connectionString, 'shared');
  const processed = new Map<string, number>();
  const owners: Record<string, Set<string>> = { a: new Set(), b: new Set() };
  const start = (name: 'a' | 'b'): { client: EventHubConsumerClient; subscription: Subscription } => {
    const client = new EventHubConsumerClient('$Default', emulator.connectionString, 'shared', store, {
      loadBalancingOptions: fastBalancing,
    });
    const subscription = client.subscribe(
      {
        processInitialize: async (ctx) => {
          owners[name]!.add(ctx.partitionId);
        },
        processClose: async (_reason, ctx) => {
          owners[name]!.delete(ctx.partitionId);
        },
        processEvents: async (events, ctx) => {
          for (const e of events) processed.set(String(e.body), (processed.get(String(e.body)) ?? 0) + 1);
          if (events.length > 0) await ctx.updateCheckpoint(events.at(-1)!);
        },
        processError: async () => undefined,
      },
      { startPosition: earliestEventPosition, maxBatchSize: 50, maxWaitTimeInSeconds: 0.2 },
    );
    return { client, subscription };
  };
  const send = async (from: number, to: number): Promise<void> => {
    for (let i = from; i < to; i += 20) {
      await hubProducer.sendBatch(Array.from({ length: 20 }, (_, j) => ({ body: `e${i + j}` })));
    }
  };

  const a = start('a');
  const b = start('b');
  // Closing twice is harmless; a failed wait must not leave clients running past the test.
  t.after(async () => {
    for (const c of [a, b]) await c.subscription.close().then(() => c.client.close());
    await hubProducer.close();
  });
  await send(0, 200);
  await eventually(() => owners.a!.size === 2 && owners.b!.size === 2, { timeoutMs: 20_000 });
  await eventually(() => processed.size === 200);
  await a.subscription.close();
  await a.client.close();
  await send(200, 400);
  await eventually(() => owners.b!.size === 4, { timeoutMs: 20_000 });
  await eventually(() => processed.size === 400, { timeoutMs: 20_000 });
  await b.subscription.close();
  await b.client.close();
  await hubProducer.close();

  for (let i = 0; i < 400; i++) assert.ok(processed.has(`e${i}`), `e${i} processed`);
  // Checkpointing after each batch bounds replays to events in flight during the hand-over.
  const replays = [...processed.values()].filter((n) => n > 1).length;
  assert.ok(replays <= 100, `${replays} events processed twice`);
});
