// The emulator over a long run, as the SDK sees it (issue 14 item 4), at CI size; `bench/soak.ts` has the
// million-event figures.
//  - Retention bounds what a partition keeps in memory and on disk: the beginning sequence number moves on,
//    expired segment files are deleted, and a reader asking for an expired position starts at the earliest
//    retained event, as on the service (also after a restart).
//  - A reader catching up on a long partition with a large credit is served in slices: readers of other
//    partitions, senders and management requests keep being answered meanwhile, and every event arrives once,
//    in order, within credit.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import {
  EventHubConsumerClient,
  EventHubProducerClient,
  earliestEventPosition,
  latestEventPosition,
} from '@azure/event-hubs';
import { eventually, startTestEmulator } from './helpers/emulator.ts';
import { receiveEvents } from './helpers/receive.ts';

const KiB = 1024;

function segmentBytes(dir: string): { files: number; bytes: number } {
  const files = readdirSync(dir).filter((f) => f.endsWith('.seg'));
  return { files: files.length, bytes: files.reduce((sum, f) => sum + statSync(path.join(dir, f)).size, 0) };
}

test('retention keeps a partition bounded in memory and on disk; expired positions read from the earliest', async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'eh-soak-'));
  const options = { dataDir, segmentBytes: 64 * KiB, retention: { maxBytesPerPartition: 256 * KiB } };
  const partitionDir = path.join(dataDir, 'orders', '0');
  try {
    const emulator = await startTestEmulator(options);
    const producer = new EventHubProducerClient(emulator.connectionString, 'orders');
    const consumer = new EventHubConsumerClient('$Default', emulator.connectionString, 'orders');
    try {
      // 2 MiB through the partition: eight times what it may keep.
      for (let batch = 0; batch < 40; batch++) {
        await producer.sendBatch(
          Array.from({ length: 50 }, (_, i) => ({ body: { n: batch * 50 + i, pad: 'x'.repeat(1_000) } })),
          { partitionId: '0' },
        );
      }
      const props = await producer.getPartitionProperties('0');
      assert.equal(props.lastEnqueuedSequenceNumber, 1_999);
      const retained = props.lastEnqueuedSequenceNumber - props.beginningSequenceNumber + 1;
      assert.ok(retained > 150 && retained <= 256, `${retained} events of ~1 KiB retained`);
      const disk = segmentBytes(partitionDir);
      // What is retained, plus the oldest segment (closed once past 64 KiB, so up to one batch more) while it
      // still holds a retained event.
      const batchBytes = 50 * 1_060;
      assert.ok(
        disk.bytes <= 256 * KiB + 64 * KiB + batchBytes,
        `${disk.bytes} bytes in ${disk.files} segments`,
      );

      const fromStart = await receiveEvents(consumer, '0', 1, { startPosition: earliestEventPosition });
      const fromExpired = await receiveEvents(consumer, '0', 1, {
        startPosition: { sequenceNumber: 10, isInclusive: true },
      });
      const fromExpiredOffset = await receiveEvents(consumer, '0', 1, { startPosition: { offset: '5' } });
      for (const events of [fromStart, fromExpired, fromExpiredOffset]) {
        assert.equal(events[0]?.sequenceNumber, props.beginningSequenceNumber);
        assert.deepEqual((events[0]?.body as { n: number }).n, props.beginningSequenceNumber);
      }
    } finally {
      await consumer.close();
      await producer.close();
      await emulator.close();
    }
    const restarted = await startTestEmulator(options);
    const producer2 = new EventHubProducerClient(restarted.connectionString, 'orders');
    try {
      const props = await producer2.getPartitionProperties('0');
      assert.equal(props.lastEnqueuedSequenceNumber, 1_999);
      assert.ok(props.beginningSequenceNumber > 1_999 - 256, `begins at ${props.beginningSequenceNumber}`);
    } finally {
      await producer2.close();
      await restarted.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('a reader catching up on a long partition with a large credit does not hold up the others', async () => {
  const BACKLOG = 20_000;
  const LIVE = 20;
  const creditViolations: unknown[] = [];
  const consoleError = console.error;
  console.error = (...args: unknown[]) => {
    if (String(args[0]).includes('Received transfer when credit was')) creditViolations.push(args);
    else consoleError(...args);
  };
  const emulator = await startTestEmulator();
  const producer = new EventHubProducerClient(emulator.connectionString, 'orders');
  const backlogClient = new EventHubConsumerClient('$Default', emulator.connectionString, 'orders');
  const liveClient = new EventHubConsumerClient('$Default', emulator.connectionString, 'orders');
  try {
    const pad = 'p'.repeat(250);
    for (let sent = 0; sent < BACKLOG; sent += 1_000) {
      await producer.sendBatch(
        Array.from({ length: 1_000 }, (_, i) => ({ body: { n: sent + i, pad } })),
        { partitionId: '0' },
      );
    }
    const live: { n: number; backlogSeen: number; latencyMs: number }[] = [];
    const sentAt = new Map<number, number>();
    let backlogSeen = 0;
    let backlogInOrder = true;
    const liveSubscription = liveClient.subscribe(
      '1',
      {
        processEvents: async (events) => {
          for (const e of events) {
            const n = (e.body as { n: number }).n;
            live.push({ n, backlogSeen, latencyMs: performance.now() - (sentAt.get(n) ?? 0) });
          }
        },
        processError: async () => undefined,
      },
      { startPosition: latestEventPosition, maxWaitTimeInSeconds: 0.05, maxBatchSize: 10 },
    );
    await eventually(() => liveSubscription.isRunning, { timeoutMs: 5_000 });
    await new Promise((r) => setTimeout(r, 300)); // the live receiver attached at "latest" before anything is sent

    // The SDK grants prefetchCount credit up front: the whole backlog may be sent to this reader at once.
    const backlogSubscription = backlogClient.subscribe(
      '0',
      {
        processEvents: async (events) => {
          for (const e of events) backlogInOrder &&= e.sequenceNumber === backlogSeen++;
          // A reader doing some work per batch: the catch-up lasts long enough to overlap the live sends.
          await new Promise((r) => setTimeout(r, 10));
        },
        processError: async () => undefined,
      },
      { startPosition: earliestEventPosition, maxBatchSize: 500, prefetchCount: BACKLOG },
    );
    await eventually(() => backlogSeen > 0, { timeoutMs: 60_000 }); // the catch-up read is under way
    const managementMs: number[] = [];
    for (let n = 0; n < LIVE; n++) {
      sentAt.set(n, performance.now());
      await producer.sendBatch([{ body: { n } }], { partitionId: '1' });
      const t = performance.now();
      await producer.getPartitionProperties('2');
      managementMs.push(performance.now() - t);
    }
    await eventually(() => live.length >= LIVE && backlogSeen >= BACKLOG, { timeoutMs: 120_000 });
    await backlogSubscription.close();
    await liveSubscription.close();

    assert.equal(backlogSeen, BACKLOG);
    assert.ok(backlogInOrder, 'backlog delivered in sequence-number order, once each');
    assert.deepEqual(
      live.map((e) => e.n),
      Array.from({ length: LIVE }, (_, i) => i),
    );
    const duringBacklog = live.filter((e) => e.backlogSeen < BACKLOG).length;
    assert.ok(duringBacklog > 0, 'live events arrived while the backlog was still being read');
    assert.deepEqual(creditViolations, []);
    const worst = (xs: number[]): string => Math.max(...xs).toFixed(0);
    console.log(
      `backlog of ${BACKLOG} read while ${LIVE} live events were sent: ${duringBacklog} arrived during it; ` +
        `worst live send→receive ${worst(live.map((e) => e.latencyMs))} ms, ` +
        `worst partition-properties round trip ${worst(managementMs)} ms (one process: clients share its loop)`,
    );
  } finally {
    console.error = consoleError;
    await liveClient.close();
    await backlogClient.close();
    await producer.close();
    await emulator.close();
  }
});
