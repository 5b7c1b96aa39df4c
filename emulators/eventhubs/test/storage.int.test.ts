// Retention and durability as a client sees them.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { EventHubConsumerClient, EventHubProducerClient, earliestEventPosition } from '@azure/event-hubs';
import { startTestEmulator } from './helpers/emulator.ts';
import { receiveEvents } from './helpers/receive.ts';

test('retention by count drops the oldest events; the earliest available sequence number moves up', async () => {
  const emulator = await startTestEmulator({ retention: { maxEventsPerPartition: 5 } });
  const producer = new EventHubProducerClient(emulator.connectionString, 'orders');
  const consumer = new EventHubConsumerClient('$Default', emulator.connectionString, 'orders');
  try {
    await producer.sendBatch(
      Array.from({ length: 8 }, (_, i) => ({ body: i })),
      { partitionId: '0' },
    );
    const props = await producer.getPartitionProperties('0');
    assert.equal(props.beginningSequenceNumber, 3);
    assert.equal(props.lastEnqueuedSequenceNumber, 7);
    const events = await receiveEvents(consumer, '0', 5, { startPosition: earliestEventPosition });
    assert.deepEqual(
      events.map((e) => e.body),
      [3, 4, 5, 6, 7],
    );
    // A position before the retained range starts at the earliest retained event, like the service.
    const fromOld = await receiveEvents(consumer, '0', 5, {
      startPosition: { sequenceNumber: 0, isInclusive: true },
    });
    assert.equal(fromOld[0]?.sequenceNumber, 3);
  } finally {
    await consumer.close();
    await producer.close();
    await emulator.close();
  }
});

test('retention by age empties a partition but keeps its sequence numbers going', async () => {
  const emulator = await startTestEmulator({ retention: { maxAgeMs: 300 } });
  const producer = new EventHubProducerClient(emulator.connectionString, 'orders');
  try {
    await producer.sendBatch([{ body: 'old-1' }, { body: 'old-2' }], { partitionId: '1' });
    // Nothing is published meanwhile: the retention timer alone has to expire the events.
    let props = await producer.getPartitionProperties('1');
    for (let i = 0; i < 50 && !props.isEmpty; i++) {
      await new Promise((r) => setTimeout(r, 50));
      props = await producer.getPartitionProperties('1');
    }
    assert.equal(props.isEmpty, true);
    assert.equal(props.lastEnqueuedSequenceNumber, 1);
    assert.equal(props.beginningSequenceNumber, 2);
    await producer.sendBatch([{ body: 'new' }], { partitionId: '1' });
    assert.equal((await producer.getPartitionProperties('1')).lastEnqueuedSequenceNumber, 2);
  } finally {
    await producer.close();
    await emulator.close();
  }
});

test('retention by bytes bounds what a partition holds', async () => {
  const emulator = await startTestEmulator({ retention: { maxBytesPerPartition: 10_000 } });
  const producer = new EventHubProducerClient(emulator.connectionString, 'orders');
  try {
    for (let i = 0; i < 10; i++) {
      await producer.sendBatch([{ body: Buffer.alloc(2_000, i) }], { partitionId: '2' });
    }
    const props = await producer.getPartitionProperties('2');
    assert.equal(props.lastEnqueuedSequenceNumber, 9);
    const retained = props.lastEnqueuedSequenceNumber - props.beginningSequenceNumber + 1;
    assert.ok(retained >= 3 && retained <= 4, `${retained} events retained`);
  } finally {
    await producer.close();
    await emulator.close();
  }
});

test('with a data directory, a restarted emulator keeps its events and continues the sequence numbers', async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'eh-durable-'));
  try {
    const first = await startTestEmulator({ dataDir });
    const producer1 = new EventHubProducerClient(first.connectionString, 'orders');
    await producer1.sendBatch([{ body: 'a', properties: { n: 1 } }, { body: 'b' }], { partitionId: '3' });
    await producer1.sendBatch([{ body: 'c' }], { partitionKey: 'a' } /* hashes to partition 0 */);
    const before = await Promise.all(['0', '1', '2', '3'].map((id) => producer1.getPartitionProperties(id)));
    await producer1.close();
    await first.close();

    const second = await startTestEmulator({ dataDir });
    const producer2 = new EventHubProducerClient(second.connectionString, 'orders');
    const consumer = new EventHubConsumerClient('$Default', second.connectionString, 'orders');
    try {
      const after = await Promise.all(['0', '1', '2', '3'].map((id) => producer2.getPartitionProperties(id)));
      assert.deepEqual(
        after.map((p) => [p.lastEnqueuedSequenceNumber, p.lastEnqueuedOffset, p.lastEnqueuedOnUtc.getTime()]),
        before.map((p) => [
          p.lastEnqueuedSequenceNumber,
          p.lastEnqueuedOffset,
          p.lastEnqueuedOnUtc.getTime(),
        ]),
      );
      await producer2.sendBatch([{ body: 'd' }], { partitionId: '3' });
      const events = await receiveEvents(consumer, '3', 3, { startPosition: earliestEventPosition });
      assert.deepEqual(
        events.map((e) => [e.sequenceNumber, e.body]),
        [
          [0, 'a'],
          [1, 'b'],
          [2, 'd'],
        ],
      );
      assert.deepEqual(events[0]?.properties, { n: 1 });
    } finally {
      await consumer.close();
      await producer2.close();
      await second.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
