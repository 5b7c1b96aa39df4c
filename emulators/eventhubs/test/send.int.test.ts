import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { EventHubConsumerClient, EventHubProducerClient, earliestEventPosition } from '@azure/event-hubs';
import { partitionForKey, type RunningEventHubsEmulator } from '../src/index.ts';
import { startTestEmulator } from './helpers/emulator.ts';
import { receiveEvents } from './helpers/receive.ts';

let emulator: RunningEventHubsEmulator;
let producer: EventHubProducerClient;
let consumer: EventHubConsumerClient;
const retryOptions = { maxRetries: 0, timeoutInMs: 10_000 };

before(async () => {
  emulator = await startTestEmulator({
    hubs: [
      { name: 'orders', partitionCount: 4 },
      { name: 'audit', partitionCount: 2, consumerGroups: ['reporting'] },
    ],
  });
  producer = new EventHubProducerClient(emulator.connectionString, 'orders', { retryOptions });
  consumer = new EventHubConsumerClient('$Default', emulator.connectionString, 'orders');
});

after(async () => {
  await consumer.close();
  await producer.close();
  await emulator.close();
});

test('hub properties list the configured partitions; an untouched partition is empty', async () => {
  const hub = await producer.getEventHubProperties();
  assert.equal(hub.name, 'orders');
  assert.deepEqual(hub.partitionIds, ['0', '1', '2', '3']);
  assert.ok(hub.createdOn instanceof Date && !Number.isNaN(hub.createdOn.getTime()));
  const audit = new EventHubProducerClient(emulator.connectionString, 'audit');
  assert.deepEqual((await audit.getEventHubProperties()).partitionIds, ['0', '1']);
  const empty = await audit.getPartitionProperties('1');
  assert.equal(empty.isEmpty, true);
  assert.equal(empty.lastEnqueuedSequenceNumber, -1);
  assert.equal(empty.lastEnqueuedOffset, '-1');
  await audit.close();
});

test('sendBatch by partition id: stored in order, sequence numbers from 0, properties intact', async () => {
  await producer.sendBatch(
    [
      {
        body: { n: 0 },
        properties: { kind: 'OrderPlaced', big: 2 ** 40 },
        messageId: 'm-0',
        contentType: 'application/json',
      },
      { body: { n: 1 }, properties: { kind: 'OrderPaid' } },
      { body: Buffer.from([1, 2, 3]) },
    ],
    { partitionId: '2' },
  );
  const props = await producer.getPartitionProperties('2');
  assert.equal(props.partitionId, '2');
  assert.equal(props.isEmpty, false);
  assert.equal(props.beginningSequenceNumber, 0);
  assert.equal(props.lastEnqueuedSequenceNumber, 2);
  assert.equal(typeof props.lastEnqueuedOffset, 'string');
  const events = await receiveEvents(consumer, '2', 3, { startPosition: earliestEventPosition });
  assert.deepEqual(
    events.map((e) => e.sequenceNumber),
    [0, 1, 2],
  );
  assert.deepEqual(events[0]?.body, { n: 0 });
  assert.deepEqual(events[0]?.properties, { kind: 'OrderPlaced', big: 2 ** 40 });
  assert.equal(events[0]?.messageId, 'm-0');
  assert.equal(events[0]?.contentType, 'application/json');
  assert.deepEqual(events[2]?.body, Buffer.from([1, 2, 3]));
  assert.equal(events[2]?.offset, props.lastEnqueuedOffset);
  assert.ok(events.every((e) => e.enqueuedTimeUtc instanceof Date && typeof e.offset === 'string'));
});

test('sendBatch by partition key: every event lands on the key’s partition and carries the key', async () => {
  const key = 'customer-42';
  const target = String(partitionForKey(key, 4));
  const before = await producer.getPartitionProperties(target);
  const batch = await producer.createBatch({ partitionKey: key });
  for (let i = 0; i < 5; i++) assert.ok(batch.tryAdd({ body: `k${i}` }));
  await producer.sendBatch(batch);
  await producer.sendBatch([{ body: 'k5' }], { partitionKey: key });
  const after = await producer.getPartitionProperties(target);
  assert.equal(after.lastEnqueuedSequenceNumber - before.lastEnqueuedSequenceNumber, 6);
  const events = await receiveEvents(consumer, target, 6, {
    startPosition: { sequenceNumber: before.lastEnqueuedSequenceNumber },
  });
  assert.deepEqual(
    events.map((e) => e.body),
    ['k0', 'k1', 'k2', 'k3', 'k4', 'k5'],
  );
  assert.ok(events.every((e) => e.partitionKey === key));
});

test('sendBatch without partition: round robin spreads batches over all partitions', async () => {
  const hub = new EventHubProducerClient(emulator.connectionString, 'audit');
  for (let i = 0; i < 6; i++) await hub.sendBatch([{ body: i }, { body: i }]);
  const counts = await Promise.all(
    ['0', '1'].map(async (id) => (await hub.getPartitionProperties(id)).lastEnqueuedSequenceNumber + 1),
  );
  assert.deepEqual(counts, [6, 6]);
  await hub.close();
});

test('oversize: the link advertises 1 MiB; bigger batches are refused with the SDK’s size errors', async () => {
  const batch = await producer.createBatch();
  assert.equal(batch.maxSizeInBytes, 1024 * 1024);
  assert.equal(batch.tryAdd({ body: Buffer.alloc(1024 * 1024) }), false);
  await assert.rejects(
    producer.createBatch({ maxSizeInBytes: 2 * 1024 * 1024 }),
    /greater than maximum message size/,
  );
  const tooBig = Array.from({ length: 20 }, () => ({ body: Buffer.alloc(60_000) }));
  await assert.rejects(producer.sendBatch(tooBig, { partitionId: '0' }), { code: 'MessageTooLargeError' });
});

test('unknown hub, partition or consumer group give the SDK’s not-found / out-of-range errors', async () => {
  const missing = new EventHubProducerClient(emulator.connectionString, 'nope', { retryOptions });
  await assert.rejects(missing.getEventHubProperties(), { code: 'MessagingEntityNotFoundError' });
  await assert.rejects(missing.sendBatch([{ body: 1 }]), { code: 'MessagingEntityNotFoundError' });
  await missing.close();
  await assert.rejects(producer.getPartitionProperties('4'), { code: 'ArgumentOutOfRangeError' });
  await assert.rejects(producer.sendBatch([{ body: 1 }], { partitionId: '9' }), {
    code: 'ArgumentOutOfRangeError',
  });
  const wrongGroup = new EventHubConsumerClient('nobody', emulator.connectionString, 'orders', {
    retryOptions,
  });
  await assert.rejects(receiveEvents(wrongGroup, '0', 1), { code: 'MessagingEntityNotFoundError' });
  await wrongGroup.close();
  const reporting = new EventHubConsumerClient('reporting', emulator.connectionString, 'audit', {
    retryOptions,
  });
  await assert.rejects(receiveEvents(reporting, '5', 1), { code: 'ArgumentOutOfRangeError' });
  const ok = await receiveEvents(reporting, '0', 1, { startPosition: earliestEventPosition });
  assert.ok(ok.length >= 1 && ok.every((e) => e.sequenceNumber >= 0));
  await reporting.close();
});

test('a SharedAccessSignature connection string (no SASL) works too', async () => {
  const signature = `SharedAccessSignature sr=sb%3A%2F%2Flocalhost%2Forders&sig=x&se=${Math.floor(Date.now() / 1000) + 3600}&skn=k`;
  const connectionString = `Endpoint=sb://localhost:${emulator.port};SharedAccessSignature=${signature};UseDevelopmentEmulator=true`;
  const client = new EventHubProducerClient(connectionString, 'orders', { retryOptions });
  await client.sendBatch([{ body: 'sas' }], { partitionId: '3' });
  assert.ok((await client.getPartitionProperties('3')).lastEnqueuedSequenceNumber >= 0);
  await client.close();
});
