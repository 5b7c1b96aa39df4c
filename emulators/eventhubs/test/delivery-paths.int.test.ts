// Deliveries normally bypass rhea's transfer encoding (server/directTransfer.ts) and fall back to rhea's own
// sender. Both paths must deliver in order and never beyond the credit the client granted: rhea on the client
// side reports a transfer without credit on console.error, which is the only place an SDK user could see it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  EventHubConsumerClient,
  EventHubProducerClient,
  earliestEventPosition,
  type PartitionContext,
} from '@azure/event-hubs';
import { normalizeHubs } from '../src/config.ts';
import { emulatorConnectionString } from '../src/connectionString.ts';
import { Namespace } from '../src/hub/hub.ts';
import { resolveRetention } from '../src/log/retention.ts';
import { listenAmqp } from '../src/server/amqpServer.ts';
import { eventually, testLogger } from './helpers/emulator.ts';

for (const directTransfers of [true, false]) {
  test(`${directTransfers ? 'direct' : 'rhea'} delivery: in order, within credit, with runtime metrics`, () =>
    deliverAndCheck(directTransfers));
}

async function deliverAndCheck(directTransfers: boolean): Promise<void> {
  const violations: unknown[][] = [];
  const consoleError = console.error;
  console.error = (...args: unknown[]) => {
    if (String(args[0]).includes('Received transfer when credit was')) violations.push(args);
    else consoleError(...args);
  };
  const namespace = new Namespace(
    normalizeHubs([{ name: 'orders', partitionCount: 2 }]),
    resolveRetention({}),
    Date.now(),
  );
  const server = await listenAmqp({
    host: '127.0.0.1',
    port: 0,
    namespace,
    logger: testLogger(),
    directTransfers,
  });
  const connectionString = emulatorConnectionString(server.port);
  const producer = new EventHubProducerClient(connectionString, 'orders');
  const consumer = new EventHubConsumerClient('$Default', connectionString, 'orders');
  try {
    for (let i = 0; i < 5; i++) {
      await producer.sendBatch(
        Array.from({ length: 100 }, (_, j) => ({ body: i * 100 + j })),
        { partitionId: '1' },
      );
    }
    const bodies: unknown[] = [];
    let context: PartitionContext | undefined;
    const subscription = consumer.subscribe(
      '1',
      {
        processEvents: async (events, ctx) => {
          bodies.push(...events.map((e) => e.body));
          context = ctx;
        },
        processError: async () => undefined,
      },
      { startPosition: earliestEventPosition, maxBatchSize: 30, trackLastEnqueuedEventProperties: true },
    );
    await eventually(() => bodies.length >= 500);
    await subscription.close();
    assert.deepEqual(
      bodies,
      Array.from({ length: 500 }, (_, i) => i),
    );
    assert.equal(context?.lastEnqueuedEventProperties?.sequenceNumber, 499);
  } finally {
    await consumer.close();
    await producer.close();
    await server.close();
    namespace.close();
    console.error = consoleError;
  }
  assert.deepEqual(violations, []);
}
