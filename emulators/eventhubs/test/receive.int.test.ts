import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  EventHubConsumerClient,
  EventHubProducerClient,
  earliestEventPosition,
  latestEventPosition,
  type PartitionContext,
  type ReceivedEventData,
} from '@azure/event-hubs';
import type { RunningEventHubsEmulator } from '../src/index.ts';
import { eventually, startTestEmulator } from './helpers/emulator.ts';
import { receiveEvents } from './helpers/receive.ts';

let emulator: RunningEventHubsEmulator;
let producer: EventHubProducerClient;
let consumer: EventHubConsumerClient;
let sent: ReceivedEventData[];
let middleTime: Date;

before(async () => {
  emulator = await startTestEmulator();
  producer = new EventHubProducerClient(emulator.connectionString, 'orders');
  consumer = new EventHubConsumerClient('$Default', emulator.connectionString, 'orders');
  await producer.sendBatch(
    [0, 1, 2, 3, 4].map((n) => ({ body: n })),
    { partitionId: '0' },
  );
  await new Promise((r) => setTimeout(r, 20));
  middleTime = new Date();
  await new Promise((r) => setTimeout(r, 20));
  await producer.sendBatch(
    [5, 6, 7, 8, 9].map((n) => ({ body: n })),
    { partitionId: '0' },
  );
  sent = await receiveEvents(consumer, '0', 10, { startPosition: earliestEventPosition });
});

after(async () => {
  await consumer.close();
  await producer.close();
  await emulator.close();
});

const bodies = (events: ReceivedEventData[]): unknown[] => events.map((e) => e.body);

test('earliest starts at sequence number 0', () => {
  assert.deepEqual(bodies(sent), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.deepEqual(
    sent.map((e) => e.sequenceNumber),
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  );
});

test('offset, exclusive and inclusive', async () => {
  const offset = sent[3]!.offset;
  assert.deepEqual(
    bodies(await receiveEvents(consumer, '0', 6, { startPosition: { offset } })),
    [4, 5, 6, 7, 8, 9],
  );
  const inclusive = await receiveEvents(consumer, '0', 7, { startPosition: { offset, isInclusive: true } });
  assert.deepEqual(bodies(inclusive), [3, 4, 5, 6, 7, 8, 9]);
});

test('sequence number, exclusive and inclusive', async () => {
  assert.deepEqual(
    bodies(await receiveEvents(consumer, '0', 3, { startPosition: { sequenceNumber: 6 } })),
    [7, 8, 9],
  );
  const inclusive = await receiveEvents(consumer, '0', 4, {
    startPosition: { sequenceNumber: 6, isInclusive: true },
  });
  assert.deepEqual(bodies(inclusive), [6, 7, 8, 9]);
});

test('enqueued time starts after that time', async () => {
  const events = await receiveEvents(consumer, '0', 5, { startPosition: { enqueuedOn: middleTime } });
  assert.deepEqual(bodies(events), [5, 6, 7, 8, 9]);
  const fromFifth = await receiveEvents(consumer, '0', 5, {
    startPosition: { enqueuedOn: sent[4]!.enqueuedTimeUtc },
  });
  assert.deepEqual(bodies(fromFifth), [5, 6, 7, 8, 9]);
});

test('latest only sees events sent after the receiver attached, with last-enqueued metrics when asked', async () => {
  const received: ReceivedEventData[] = [];
  let context: PartitionContext | undefined;
  const subscription = consumer.subscribe(
    '0',
    {
      processEvents: async (events, ctx) => {
        received.push(...events);
        context = ctx;
      },
      processError: async () => undefined,
    },
    { startPosition: latestEventPosition, maxWaitTimeInSeconds: 0.1, trackLastEnqueuedEventProperties: true },
  );
  // An empty batch after maxWaitTime means the receiver link is up.
  await eventually(() => context);
  await producer.sendBatch([{ body: 'new-1' }, { body: 'new-2' }], { partitionId: '0' });
  await eventually(() => received.length >= 2);
  await subscription.close();
  assert.deepEqual(bodies(received), ['new-1', 'new-2']);
  const last = context!.lastEnqueuedEventProperties;
  assert.ok(last, 'lastEnqueuedEventProperties tracked');
  assert.equal(last.sequenceNumber, 11);
  assert.equal(last.offset, received[1]!.offset);
  assert.ok(last.enqueuedOn instanceof Date && last.retrievedOn instanceof Date);
});

test('a sequence number past the end is refused as out of range', async () => {
  const strict = new EventHubConsumerClient('$Default', emulator.connectionString, 'orders', {
    retryOptions: { maxRetries: 0 },
  });
  await assert.rejects(receiveEvents(strict, '0', 1, { startPosition: { sequenceNumber: 500 } }), {
    code: 'ArgumentOutOfRangeError',
  });
  await strict.close();
});

test('epochs: a higher owner level steals the partition, a lower one is refused', async () => {
  const first = new EventHubConsumerClient('$Default', emulator.connectionString, 'orders');
  const second = new EventHubConsumerClient('$Default', emulator.connectionString, 'orders');
  const third = new EventHubConsumerClient('$Default', emulator.connectionString, 'orders');
  const errors: { who: string; code?: string }[] = [];
  const closes: string[] = [];
  const subscribe = (client: EventHubConsumerClient, who: string, ownerLevel: number) => {
    let events = 0;
    const subscription = client.subscribe(
      '1',
      {
        processEvents: async (batch) => {
          events += batch.length;
        },
        processError: async (err) => {
          errors.push({ who, code: (err as { code?: string }).code });
        },
        processClose: async (reason) => {
          closes.push(`${who}:${reason}`);
        },
      },
      { ownerLevel, startPosition: earliestEventPosition, maxWaitTimeInSeconds: 0.1 },
    );
    return { subscription, events: () => events };
  };
  await producer.sendBatch([{ body: 'e' }], { partitionId: '1' });
  const a = subscribe(first, 'a', 1);
  await eventually(() => a.events() > 0);
  const b = subscribe(second, 'b', 2);
  await eventually(() => errors.find((e) => e.who === 'a'));
  assert.equal(errors.find((e) => e.who === 'a')?.code, 'ReceiverDisconnectedError');
  await eventually(() => closes.includes('a:OwnershipLost'));
  await eventually(() => b.events() > 0);
  const c = subscribe(third, 'c', 1);
  await eventually(() => errors.find((e) => e.who === 'c'));
  assert.equal(errors.find((e) => e.who === 'c')?.code, 'ReceiverDisconnectedError');
  // The owner keeps receiving.
  await producer.sendBatch([{ body: 'after' }], { partitionId: '1' });
  await eventually(() => b.events() === 2);
  await Promise.all([a.subscription.close(), b.subscription.close(), c.subscription.close()]);
  await Promise.all([first.close(), second.close(), third.close()]);
  assert.ok(!errors.some((e) => e.who === 'b'));
});
