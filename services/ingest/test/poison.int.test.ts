// Issue 19, ingest side: no event can block a partition, every producer encoding is stored once, and a
// partition that cannot make progress says so in /readyz and /metrics. One stack and one ingest for all.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CosmosClient, type Container, type Database, type JSONObject } from '@azure/cosmos';
import { EventHubProducerClient, type EventData } from '@azure/event-hubs';
import { BlobServiceClient } from '@azure/storage-blob';
import { orderEventId } from '@marquee/domain';
import { createDocuments, ensureStore } from '@marquee/platform';
import {
  eventually,
  ServiceProcess,
  stackEnv,
  startLocalStack,
  startWorker,
  type LocalStack,
  type Worker,
} from '@marquee/test-support';
import pino from 'pino';
import { deeplyNested, hostileOrders, orderNow } from './helpers/hostile.ts';

const byPartition = async (container: Container, partitionId: string): Promise<Record<string, unknown>[]> =>
  (
    await container.items
      .query({
        query: 'SELECT * FROM c WHERE c.source.partitionId = @p',
        parameters: [{ name: '@p', value: partitionId }],
      })
      .fetchAll()
  ).resources as Record<string, unknown>[];

const metricValue = (text: string, series: string): number | undefined => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

/** The SDK's AmqpAnnotatedMessage (from @azure/core-amqp) as far as these tests use it: a body in a chosen section. */
interface AmqpMessage {
  body: unknown;
  bodyType: 'data' | 'sequence' | 'value';
}

describe('ingest against poison', () => {
  let stack: LocalStack;
  let cosmos: CosmosClient;
  let database: Database;
  let events: Container;
  let deadLetters: Container;
  let producer: EventHubProducerClient;
  let ingest: Worker;

  before(async () => {
    stack = await startLocalStack({ ports: 'free' });
    cosmos = new CosmosClient(stack.connections.cosmos);
    database = await ensureStore(cosmos, 'marquee');
    events = database.container('events');
    deadLetters = database.container('deadletters');
    producer = new EventHubProducerClient(stack.connections.eventHubs, 'orders');
    ingest = await startWorker(stack, 'ingest', {
      LOAD_BALANCING_INTERVAL_MS: '500',
      MAX_WAIT_TIME_SECONDS: '1',
      DEADLETTER_INLINE_MAX_BYTES: String(64 * 1024),
      STUCK_AFTER_MS: '1500',
    });
  });

  after(async () => {
    await ingest?.process.stop();
    await producer?.close();
    cosmos?.dispose();
    await stack?.stop();
  });

  test('each hostile order is dead-lettered with its reason, and the valid orders behind it are stored', async () => {
    const hostile = hostileOrders();
    const valid = Array.from({ length: 5 }, (_, i) => orderNow(`after-poison-${i}`));
    await producer.sendBatch(
      [
        ...hostile.map((h) => ({ body: h.body })),
        ...valid.map((o) => ({ body: Buffer.from(JSON.stringify(o)) })),
      ],
      { partitionId: '1' },
    );
    const letters = await eventually(
      async () => {
        const stored = new Set((await byPartition(events, '1')).map((e) => e.id));
        for (const order of valid)
          assert.ok(stored.has(order.PaymentTransactionId), `${order.PaymentTransactionId} stored`);
        const found = await byPartition(deadLetters, '1');
        assert.equal(found.length, hostile.length);
        return found.sort(
          (a, b) =>
            (a.source as { sequenceNumber: number }).sequenceNumber -
            (b.source as { sequenceNumber: number }).sequenceNumber,
        );
      },
      { timeoutMs: 30_000, intervalMs: 300 },
    );
    hostile.forEach((h, i) => assert.equal(letters[i]?.reasonGroup, h.reasonGroup, h.name));
    // The 200 KB body is above the inline limit: it is in Blob storage, byte for byte, and the record says where.
    const [big] = letters;
    const blob = big?.rawBlob as { container: string; name: string; bytes: number };
    assert.equal(big?.rawText, undefined);
    assert.equal(blob.bytes, hostile[0]?.body.length);
    const bodies = BlobServiceClient.fromConnectionString(stack.connections.storage).getContainerClient(
      blob.container,
    );
    assert.deepEqual(await bodies.getBlobClient(blob.name).downloadToBuffer(), hostile[0]?.body);
    const metrics = await ingest.metrics();
    assert.equal(
      metricValue(metrics, 'ingest_dead_letters_total{reason="Total must be <= 100000",service="ingest"}'),
      1,
    );
  });

  test('an order as UTF-8 bytes, an object, a JSON string, an AMQP value or sequence is stored once, same id', async () => {
    const encodings: Record<string, (order: object) => EventData | AmqpMessage> = {
      'utf-8 bytes (C#, Java, Python, Kafka)': (o) => ({ body: Buffer.from(JSON.stringify(o), 'utf8') }),
      'object body': (o) => ({ body: o }),
      'JSON.stringify body': (o) => ({ body: JSON.stringify(o) }),
      'AMQP value, a map': (o) => ({ body: o, bodyType: 'value' }),
      'AMQP value, a string': (o) => ({ body: JSON.stringify(o), bodyType: 'value' }),
      'AMQP sequence': (o) => ({ body: [o], bodyType: 'sequence' }),
    };
    const names = Object.keys(encodings);
    // One order per encoding, and one order sent in every encoding: the copies must collapse into one.
    const own = names.map((name, i) => orderNow(`encoding-${i}`, { Region: name }));
    const shared = orderNow('', { PaymentTransactionId: null, Region: 'every encoding', Total: 4.99 });
    shared.Details = [{ Email: 'ana@example.com', ProductId: 397519, Quantity: 1, UnitPrice: 4.99 }];
    const messages = [
      ...names.map((name, i) => encodings[name]!(own[i]!)),
      ...names.map((name) => encodings[name]!(shared)),
    ];
    await producer.sendBatch(messages as EventData[], { partitionId: '2' });
    const stored = await eventually(
      async () => {
        const found = await byPartition(events, '2');
        assert.equal(found.length, names.length + 1, JSON.stringify(await byPartition(deadLetters, '2')));
        return new Map(found.map((e) => [e.id as string, e]));
      },
      { timeoutMs: 30_000, intervalMs: 300 },
    );
    for (const order of [...own, shared]) {
      const event = stored.get(orderEventId(order));
      assert.ok(event, `${order.Region} stored under ${orderEventId(order)}`);
      assert.deepEqual(event.data, order, order.Region as string);
    }
    assert.equal((await byPartition(deadLetters, '2')).length, 0);
  });

  test('a partition that cannot write says so: /readyz degraded, stuck seconds and lag, then recovers', async () => {
    await deadLetters.delete();
    await producer.sendBatch([{ body: Buffer.from('not json') }], { partitionId: '3' });
    const stalled = await eventually(
      async () => {
        const ready = await fetch(`${ingest.opsUrl}/readyz`);
        const body = (await ready.json()) as { checks: Record<string, { ok: boolean; detail?: string }> };
        assert.equal(ready.status, 503, ingest.process.logs.slice(-12).join('\n'));
        assert.equal(body.checks.progress?.ok, false);
        return body.checks.progress?.detail ?? '';
      },
      { timeoutMs: 30_000, intervalMs: 300 },
    );
    assert.match(stalled, /partition 3: 1 events pending/);
    const metrics = await ingest.metrics();
    assert.ok(
      (metricValue(metrics, 'ingest_partition_stuck_seconds{partition="3",service="ingest"}') ?? 0) > 1,
    );
    assert.equal(metricValue(metrics, 'ingest_partition_lag_events{partition="3",service="ingest"}'), 1);
    await ensureStore(cosmos, 'marquee');
    await eventually(
      async () => {
        assert.equal((await fetch(`${ingest.opsUrl}/readyz`)).status, 200);
        assert.equal((await byPartition(deadLetters, '3')).length, 1);
        const after = await ingest.metrics();
        assert.equal(metricValue(after, 'ingest_partition_lag_events{partition="3",service="ingest"}'), 0);
      },
      { timeoutMs: 30_000, intervalMs: 300 },
    );
  });

  test('one document the SDK or the store cannot take does not fail the others of its bulk request', async () => {
    const container = (
      await database.containers.createIfNotExists({ id: 'bulk-isolation', partitionKey: '/id' })
    ).container;
    const docs = [
      { id: 'a' },
      { id: 'deep', ...(JSON.parse(deeplyNested(orderNow('x'), 10_000).toString()) as object) },
      { id: 'b' },
      { id: 'huge', pad: 'x'.repeat(3 * 1024 * 1024) },
      { id: 'c' },
    ] as JSONObject[];
    const outcomes = await createDocuments(container, docs, {
      signal: AbortSignal.timeout(60_000),
      logger: pino({ level: 'silent' }),
    });
    // A document written by a request that failed as a whole is found on the retry: 'exists' is stored too.
    const kinds = outcomes.map((o) => (o.kind === 'exists' ? 'created' : o.kind));
    assert.deepEqual(kinds, ['created', 'refused', 'created', 'refused', 'created']);
    assert.match(JSON.stringify(outcomes[1]), /Maximum call stack|RangeError/);
    assert.match(JSON.stringify(outcomes[3]), /413/);
  });

  test('documents that all land in one partition are created in calls the SDK accepts (at most 100 per partition)', async () => {
    const container = (
      await database.containers.createIfNotExists({ id: 'bulk-one-partition', partitionKey: '/pk' })
    ).container;
    // One partition key: every operation of a call goes to the same physical partition.
    const docs = Array.from({ length: 450 }, (_, i) => ({ id: `d${i}`, pk: 'same' }));
    const outcomes = await createDocuments(container, docs, {
      signal: AbortSignal.timeout(60_000),
      logger: pino({ level: 'silent' }),
    });
    assert.deepEqual(new Set(outcomes.map((o) => o.kind)), new Set(['created']));
    const { resources } = await container.items.query<number>('SELECT VALUE COUNT(1) FROM c').fetchAll();
    assert.equal(resources[0], 450);
  });

  test('pnpm deadletters lists by reason, replays what now passes once with its original time and position, and purges', async () => {
    const run = async (...args: string[]): Promise<string> => {
      const cli = new ServiceProcess({
        service: 'ingest',
        script: 'src/deadletters/cli.ts',
        args,
        env: stackEnv(stack),
      });
      const { code } = await cli.exited;
      assert.equal(code, 0, cli.logs.join('\n'));
      return cli.logs.join('\n');
    };
    // What the old ingest made of a JavaScript producer's JSON.stringify body, and an old, unfixable one.
    const order = orderNow('replayed-order');
    const source = { partitionId: '0', sequenceNumber: 41, offset: '4100' };
    const receivedAt = new Date(Date.now() - 60_000).toISOString();
    await deadLetters.items.create({
      id: '0-41',
      reasons: ['event must be a JSON object'],
      rawText: JSON.stringify(JSON.stringify(order)),
      source,
      receivedAt,
    });
    await deadLetters.items.create({
      id: '0-1',
      reasons: ['body is not valid JSON'],
      rawText: '{',
      source: { ...source, sequenceNumber: 1 },
      receivedAt: '2026-01-01T00:00:00.000Z',
    });
    // A stored event another stage set aside (the exporter's record shape): listed under its stage, not replayed.
    await deadLetters.items.create({
      id: 'exporter.stored-event',
      stage: 'exporter',
      eventId: 'stored-event',
      reasons: ['Parquet encoding refused the rows: Invalid Input Error: Malformed JSON: no low surrogate'],
      reasonGroup: 'Parquet encoding refused the rows: Invalid Input Error: Malformed JSON: no low surrogate',
      receivedAt,
      quarantinedAt: receivedAt,
    });
    const listed = await run('list');
    assert.match(listed, /ingest\s+1\s+0\s+\S+\s+event must be a JSON object/);
    assert.match(listed, /exporter\s+1\s+0\s+\S+\s+Parquet encoding refused the rows/);
    assert.match(
      await run('replay', '--id', 'exporter.stored-event'),
      /not replayable: set aside by the exporter/,
    );
    assert.match(await run('show', '0-41'), /event must be a JSON object[\s\S]*replayed-order/);
    assert.match(
      await run('replay', '--reason', 'event must be a JSON object'),
      /0-41: stored: replayed-order/,
    );
    assert.match(await run('replay', '--id', '0-41'), /0-41: already stored: replayed-order/);
    const { resource: event } = await events.item('replayed-order', 'replayed-order').read();
    assert.equal(event.receivedAt, receivedAt);
    assert.deepEqual(event.source, source);
    assert.deepEqual(event.data, order);
    assert.equal((await byPartition(events, '0')).filter((e) => e.id === 'replayed-order').length, 1);
    assert.match(await run('purge', '--older-than', '1d'), /purged 1 dead letters/);
    assert.equal((await deadLetters.item('0-1', '0-1').read()).statusCode, 404);
    assert.equal(
      (await deadLetters.item('0-41', '0-41').read()).resource?.replayed?.eventId,
      'replayed-order',
    );
  });
});
