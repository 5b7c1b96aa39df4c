import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CosmosClient, type Container } from '@azure/cosmos';
import { ensureStore } from '@marquee/platform';
import {
  eventually,
  metricTotal,
  startLocalStack,
  startWorker,
  type LocalStack,
  type Worker,
} from '@marquee/test-support';
import { EventHubProducerClient } from '@azure/event-hubs';
import { sendOrders } from '@marquee/datagen';
import { clickEventId } from '@marquee/domain';
import { generateEvents, sendEvents } from './helpers/orders.ts';
import { checkpointsOf, storedHeadsOf } from './helpers/positions.ts';

async function count(container: Container): Promise<number> {
  const { resources } = await container.items.query<number>('SELECT VALUE COUNT(1) FROM c').fetchAll();
  return resources[0] ?? 0;
}

async function ids(container: Container): Promise<Set<string>> {
  const { resources } = await container.items.query<string>('SELECT VALUE c.id FROM c').fetchAll();
  return new Set(resources);
}

/** Ingest with fast partition balancing, so a killed replica's partitions move within seconds. */
async function startIngest(stack: LocalStack): Promise<Worker> {
  return await startWorker(stack, 'ingest', {
    LOAD_BALANCING_INTERVAL_MS: '500',
    PARTITION_OWNERSHIP_EXPIRATION_MS: '3000',
    MAX_WAIT_TIME_SECONDS: '1',
  });
}

describe('ingest on the local stack', () => {
  let stack: LocalStack;
  let client: CosmosClient;
  let events: Container;
  let deadLetters: Container;

  before(async () => {
    stack = await startLocalStack({ ports: 'free' });
    client = new CosmosClient(stack.connections.cosmos);
    const database = await ensureStore(client, 'marquee');
    events = database.container('events');
    deadLetters = database.container('deadletters');
  });

  after(async () => {
    client?.dispose();
    await stack?.stop();
  });

  test('10,000 orders with 1% malformed and 1% resent end as exactly the unique valid ones, and every malformed one dead-lettered', async () => {
    const batch = generateEvents(10_000, 11);
    assert.ok(batch.invalid > 50 && batch.duplicates > 50, 'the mix has both kinds');
    const ingest = await startIngest(stack);
    let exit: Awaited<ReturnType<typeof ingest.process.stop>>;
    try {
      await sendEvents(stack.connections.eventHubs, batch.events);
      await eventually(
        async () => {
          assert.equal(await count(events), batch.uniqueIds.size);
          assert.equal(await count(deadLetters), batch.invalid);
        },
        { timeoutMs: 90_000, intervalMs: 500 },
      );
      assert.deepEqual(await ids(events), batch.uniqueIds);
      // The counters move after each batch's checkpoint, a moment after its writes are visible.
      await eventually(async () => {
        const metrics = await ingest.metrics();
        const value = (name: string): number => metricTotal(metrics, name);
        assert.equal(value('ingest_events_in_total'), 10_000);
        assert.equal(value('ingest_events_stored_total'), batch.uniqueIds.size);
        assert.equal(value('ingest_events_duplicate_total'), batch.duplicates);
        assert.equal(value('ingest_events_dead_lettered_total'), batch.invalid);
      });
      const sample = (await deadLetters.items.query('SELECT TOP 1 * FROM c').fetchAll()).resources[0];
      assert.ok(sample.reasons.length > 0, 'a dead letter says why');
      assert.ok(sample.rawText !== undefined || sample.rawBase64 !== undefined, 'and keeps the raw body');
    } finally {
      // Asserted after the finally, so a failure above is reported as itself, not as this exit code.
      exit = await ingest.process.stop();
    }
    assert.equal(exit.code, 0, `graceful stop exits 0:\n${ingest.process.logs.slice(-5).join('\n')}`);
  });

  test('killed mid-stream (SIGKILL) and restarted, ingest loses nothing and duplicates nothing', async () => {
    // Continues on the same hub and store: the first test's events are already checkpointed.
    const before = { events: await count(events), deadLetters: await count(deadLetters) };
    const batch = generateEvents(10_000, 12);
    const first = await startIngest(stack);
    try {
      await sendEvents(stack.connections.eventHubs, batch.events.slice(0, 4_000));
      // Let it get going, then kill it with batches in flight.
      await eventually(async () => assert.ok((await count(events)) > before.events + 500), {
        timeoutMs: 30_000,
      });
    } finally {
      first.process.kill('SIGKILL');
      await first.process.exited;
    }
    await sendEvents(stack.connections.eventHubs, batch.events.slice(4_000));
    const second = await startIngest(stack);
    try {
      await eventually(
        async () => {
          assert.equal(await count(events), before.events + batch.uniqueIds.size);
          assert.equal(await count(deadLetters), before.deadLetters + batch.invalid);
        },
        { timeoutMs: 90_000, intervalMs: 500 },
      );
      const stored = await ids(events);
      for (const id of batch.uniqueIds) assert.ok(stored.has(id), `order ${id} is stored`);
    } finally {
      await second.process.stop();
    }
  });

  test('SIGTERM mid-burst: ingest exits 0 with every done event checkpointed, and a restart reads none again', async () => {
    // Continues on the same hub and store, where the tests before left nothing unread. Checkpoints at most
    // once a minute: after each partition's first batch, only the shutdown flush (or an idle partition's,
    // which a partition with a backlog never is) can write the positions done since.
    const previous = await checkpointsOf(stack);
    const before = await count(events);
    const batch = generateEvents(2_500, 13, { invalid: 0, duplicate: 0 });
    await sendEvents(stack.connections.eventHubs, batch.events);
    const first = await startWorker(stack, 'ingest', {
      CHECKPOINT_INTERVAL_MS: '60000',
      CHECKPOINT_MAX_EVENTS: '1000000',
      MAX_WAIT_TIME_SECONDS: '5',
      // Small batches: several done per partition before the SIGTERM, and one in flight on each.
      MAX_BATCH_SIZE: '50',
      // Exit code 0 means every part closed within it (ServiceLifecycle exits 1 past it).
      SHUTDOWN_GRACE_MS: '10000',
    });
    let exit: Awaited<ReturnType<typeof first.process.stop>>;
    try {
      await eventually(async () => assert.ok((await count(events)) >= before + 250), { timeoutMs: 30_000 });
    } finally {
      exit = await first.process.stop();
    }
    assert.equal(
      exit.code,
      0,
      `drained within its grace period:\n${first.process.logs.slice(-5).join('\n')}`,
    );
    const storedByFirst = (await count(events)) - before;
    assert.ok(storedByFirst < batch.uniqueIds.size, 'stopped with part of the burst still to read');

    // Each partition's checkpoint is the last event stored from it: nothing done left unrecorded, nothing
    // recorded that is not stored. A partition the first ingest took nothing from keeps its checkpoint.
    const checkpoints = await checkpointsOf(stack);
    const heads = await storedHeadsOf(events, [...checkpoints.keys()]);
    for (const [partitionId, checkpoint] of checkpoints) {
      const head = heads.get(partitionId) ?? -1;
      const previously = previous.get(partitionId) ?? -1;
      assert.equal(checkpoint, head > previously ? head : previously, `partition ${partitionId}`);
    }

    const second = await startIngest(stack);
    try {
      await eventually(async () => assert.equal(await count(events), before + batch.uniqueIds.size), {
        timeoutMs: 60_000,
        intervalMs: 200,
      });
      const stored = await ids(events);
      for (const id of batch.uniqueIds) assert.ok(stored.has(id), `order ${id} is stored`);
      // It starts where the first one's checkpoints say: not one event read twice (a 409 would count here).
      await eventually(async () => {
        const metrics = await second.metrics();
        assert.equal(metricTotal(metrics, 'ingest_events_in_total'), batch.uniqueIds.size - storedByFirst);
        assert.equal(metricTotal(metrics, 'ingest_events_duplicate_total'), 0);
      });
    } finally {
      await second.process.stop();
    }
  });

  test('an ingest on the clickstream hub stores every click by its declared type and dead-letters unknown types and versions', async () => {
    const count = async (type: string): Promise<number> => {
      const query = {
        query: 'SELECT VALUE COUNT(1) FROM c WHERE c.type = @type',
        parameters: [{ name: '@type', value: type }],
      };
      return (await events.items.query<number>(query).fetchAll()).resources[0] ?? 0;
    };
    const groups = async (): Promise<string[]> =>
      (await deadLetters.items.query<string>('SELECT VALUE c.reasonGroup FROM c').fetchAll()).resources;
    const lettersBefore = (await groups()).length;
    const clicks = await startWorker(stack, 'ingest', {
      EVENTHUB_NAME: 'clickstream',
      DEFAULT_EVENT_TYPE: 'none',
    });
    try {
      const result = await sendOrders({
        connectionString: stack.connections.eventHubs,
        count: 40,
        rate: 0,
        seed: 5,
        hub: 'orders',
        clickstream: { hub: 'clickstream' },
      });
      const view = {
        sessionId: 's-x',
        customer: 'x@example.com',
        movieId: 397518,
        timestamp: new Date().toISOString(),
      };
      const producer = new EventHubProducerClient(stack.connections.eventHubs, 'clickstream');
      try {
        await producer.sendBatch([
          { body: view, properties: { type: 'ProductViewed', schemaVersion: 1 } },
          { body: view, properties: { type: 'MovieRated' } },
          { body: view, properties: { type: 'AddedToCart', schemaVersion: 4 } },
          { body: view },
        ]);
      } finally {
        await producer.close();
      }
      await eventually(
        async () => {
          const stored =
            (await count('ProductViewed')) + (await count('AddedToCart')) + (await count('CheckoutStarted'));
          assert.equal(stored, result.clicks + 1);
          assert.equal((await groups()).length - lettersBefore, 3);
        },
        { timeoutMs: 60_000, intervalMs: 500 },
      );
      // The version-1 view was stored upcast, under the id of its current-version data.
      const id = clickEventId('ProductViewed', { ...view, device: 'unknown' });
      const { resource: upcast } = await events
        .item(id, id)
        .read<{ schemaVersion: number; upcastFrom: number }>();
      assert.deepEqual([upcast?.schemaVersion, upcast?.upcastFrom], [2, 1]);
      const registryGroups = (await groups()).filter(
        (g) => g.startsWith('event type') || g.includes('schema version'),
      );
      assert.deepEqual(registryGroups.sort(), [
        'AddedToCart schema version is not registered',
        'event type is not registered',
        'event type missing: set the application property type',
      ]);
    } finally {
      await clicks.process.stop();
    }
  });
});
