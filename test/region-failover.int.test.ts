// Ingest follows a Cosmos regional failover through the SDK alone: the account is in two regions, ingest prefers
// Region 1, and Region 1 goes dark mid-stream (connections refused) while the service-managed failover moves the
// writes to Region 2. Every order sent before, during and after is stored exactly once: RPO 0, nothing restarted.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CosmosClient } from '@azure/cosmos';
import { EventHubProducerClient } from '@azure/event-hubs';
import pino from 'pino';
import { startCosmosEmulator, type RunningCosmosEmulator } from '@marquee/local-stack';
import { eventually, startLocalStack, startWorker, type LocalStack } from './support/index.ts';

const REGIONS = ['Region 1', 'Region 2'];
let stack: LocalStack;
let cosmos: RunningCosmosEmulator;

before(async () => {
  [stack, cosmos] = await Promise.all([
    startLocalStack({ ports: 'free' }),
    startCosmosEmulator({ port: 0, regions: REGIONS, logger: pino({ level: 'silent' }) }),
  ]);
});

after(async () => {
  await cosmos?.close();
  await stack?.stop();
});

const order = (i: number): string =>
  JSON.stringify({
    Region: 'Region1',
    OrderDate: new Date(Date.parse('2026-11-20T00:00:00Z') + i * 1000).toISOString(),
    Email: `c${i % 50}@example.com`,
    Total: 4.99,
    PaymentTransactionId: `failover-${i}`,
    Details: [{ Email: `c${i % 50}@example.com`, ProductId: 1 + (i % 20), Quantity: 1, UnitPrice: 4.99 }],
  });

async function send(from: number, to: number): Promise<void> {
  const producer = new EventHubProducerClient(stack.connections.eventHubs, 'orders');
  try {
    for (let i = from; i < to; i += 100) {
      const bodies = Array.from({ length: Math.min(100, to - i) }, (_, k) => ({ body: order(i + k) }));
      await producer.sendBatch(bodies);
    }
  } finally {
    await producer.close();
  }
}

test('Region 1 of the Cosmos account goes dark mid-stream: ingest moves to Region 2 and loses no order', async () => {
  const ingest = await startWorker(stack, 'ingest', {
    COSMOS_CONNECTION_STRING: cosmos.connectionString,
    COSMOS_PREFERRED_REGIONS: REGIONS.join(','),
    COSMOS_ENDPOINT_REFRESH_MS: '500',
    MAX_WAIT_TIME_SECONDS: '1',
  });
  // The test's own reader follows the failover the way the services do: by refreshing the account's regions.
  const client = new CosmosClient({
    endpoint: cosmos.endpoint,
    key: cosmos.key,
    connectionPolicy: { enableEndpointDiscovery: true, endpointRefreshRateInMs: 300 },
  });
  const events = client.database('marquee').container('events');
  const count = async (): Promise<number> =>
    (await events.items.query<number>('SELECT VALUE COUNT(1) FROM c').fetchAll()).resources[0] ?? 0;
  try {
    await send(0, 1_000);
    await eventually(async () => assert.ok((await count()) > 0, 'ingest is writing in Region 1'), {
      timeoutMs: 60_000,
    });
    await cosmos.regions!.setOnline('Region 1', false, 500);
    await send(1_000, 2_000);
    await eventually(async () => assert.equal(await count(), 2_000, 'every order stored once'), {
      timeoutMs: 90_000,
      intervalMs: 500,
    });
    assert.equal(cosmos.regions!.writeRegion, 'Region 2');
  } finally {
    client.dispose();
    const exit = await ingest.process.stop();
    assert.equal(exit.code, 0, ingest.process.logs.slice(-5).join('\n'));
  }
});
