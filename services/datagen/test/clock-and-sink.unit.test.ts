import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EventHubProducerClient } from '@azure/event-hubs';
import { generateCatalog } from '@marquee/domain';
import pino from 'pino';
import { createOrderGenerator, orderClock } from '../src/generate/index.ts';
import type { GeneratedEvent } from '../src/generate/index.ts';
import { EventHubSink, isRetryableSendError } from '../src/send/event-hub-sink.ts';

const start = new Date('2026-03-01T00:00:00.000Z');

test('--start: a simulated clock 1/rate apart; with a backfill the window end stays put', () => {
  const live = orderClock({ start, rate: 50 });
  assert.deepEqual(
    [live(), live(), live()].map((d) => d.toISOString()),
    ['2026-03-01T00:00:00.000Z', '2026-03-01T00:00:00.020Z', '2026-03-01T00:00:00.040Z'],
  );
  const unpaced = orderClock({ start, rate: 0 });
  unpaced();
  assert.equal(unpaced().toISOString(), '2026-03-01T00:00:00.020Z');
  const backfill = orderClock({ start, rate: 50, backfill: true });
  assert.equal(backfill().getTime(), start.getTime());
  assert.equal(backfill().getTime(), start.getTime());
  const wall = orderClock({ rate: 50 })().getTime();
  assert.ok(Math.abs(wall - Date.now()) < 1_000);
});

test('with --start the same seed gives the same bytes, OrderDate included, in live and backfill mode', () => {
  const catalog = generateCatalog();
  const bodies = (backfillMs: number): string[] => {
    const generator = createOrderGenerator({
      seed: 77,
      catalog,
      now: orderClock({ start, rate: 100, backfill: backfillMs > 0 }),
      backfillMs,
      invalidRatio: 0.1,
      duplicateRatio: 0.1,
    });
    return Array.from({ length: 500 }, () => generator.next().body.toString('base64'));
  };
  assert.deepEqual(bodies(0), bodies(0));
  assert.deepEqual(bodies(86_400_000), bodies(86_400_000));
  assert.notDeepEqual(bodies(0), bodies(86_400_000));
});

/** A stand-in producer: batches hold `maxBytes`, and sendBatch fails as scripted. */
function fakeProducer(maxBytes: number, failures: Error[]) {
  const sent: { partitionKey?: string; bodies: Buffer[] }[] = [];
  let attempts = 0;
  const producer = {
    createBatch: async (options: { partitionKey?: string }) => {
      const bodies: Buffer[] = [];
      let size = 0;
      return {
        maxSizeInBytes: maxBytes,
        get count() {
          return bodies.length;
        },
        tryAdd: (event: { body: Buffer }) => {
          if (size + event.body.length > maxBytes) return false;
          size += event.body.length;
          bodies.push(event.body);
          return true;
        },
        options,
        bodies,
      };
    },
    sendBatch: async (batch: { options: { partitionKey?: string }; bodies: Buffer[] }) => {
      attempts++;
      const failure = failures.shift();
      if (failure !== undefined) throw failure;
      sent.push({ partitionKey: batch.options.partitionKey, bodies: [...batch.bodies] });
    },
  };
  return { producer: producer as unknown as EventHubProducerClient, sent, attempts: () => attempts };
}

const events = (n: number, size: number, partitionKey?: string): GeneratedEvent[] =>
  Array.from({ length: n }, (_, seq) => ({
    seq,
    kind: 'valid' as const,
    body: Buffer.alloc(size, 97 + (seq % 26)),
    ...(partitionKey === undefined ? {} : { partitionKey }),
  }));

const logger = pino({ level: 'silent' });
const busy = Object.assign(new Error('server busy'), { code: 'ServerBusyError', retryable: true });

test('a group larger than the byte limit goes out in several batches, recorded batch by batch', async () => {
  const fake = fakeProducer(1_000, []);
  const sink = new EventHubSink(fake.producer, { logger });
  const recorded: number[][] = [];
  await sink.send(
    { partitionKey: 'k', events: events(10, 300, 'k') },
    (sent) => void recorded.push(sent.map((e) => e.seq)),
  );
  assert.deepEqual(recorded, [[0, 1, 2], [3, 4, 5], [6, 7, 8], [9]]);
  assert.ok(fake.sent.every((batch) => batch.partitionKey === 'k'));
});

test('transient failures are retried with backoff; nothing is skipped', async () => {
  const fake = fakeProducer(10_000, [busy, busy]);
  const retries: number[] = [];
  const sink = new EventHubSink(fake.producer, {
    logger,
    baseMs: 1,
    onRetry: (_err, attempt) => retries.push(attempt),
  });
  const recorded: number[] = [];
  await sink.send(
    { partitionKey: undefined, events: events(5, 10) },
    (sent) => void recorded.push(...sent.map((e) => e.seq)),
  );
  assert.deepEqual(retries, [1, 2]);
  assert.equal(fake.attempts(), 3);
  assert.deepEqual(recorded, [0, 1, 2, 3, 4]);
  assert.equal(fake.sent.length, 1);
});

test('a permanent failure, or one that outlasts the retries, is thrown and nothing is recorded', async () => {
  const unauthorized = Object.assign(new Error('unauthorized'), {
    code: 'UnauthorizedError',
    retryable: false,
  });
  const recorded: GeneratedEvent[] = [];
  const permanent = fakeProducer(10_000, [unauthorized]);
  await assert.rejects(
    new EventHubSink(permanent.producer, { logger }).send(
      { partitionKey: undefined, events: events(3, 10) },
      (e) => void recorded.push(...e),
    ),
    /unauthorized/,
  );
  assert.equal(permanent.attempts(), 1);
  const flaky = fakeProducer(10_000, [busy, busy, busy]);
  await assert.rejects(
    new EventHubSink(flaky.producer, { logger, retries: 2, baseMs: 1 }).send(
      { partitionKey: undefined, events: events(3, 10) },
      (e) => void recorded.push(...e),
    ),
    /server busy/,
  );
  assert.equal(flaky.attempts(), 3);
  assert.equal(recorded.length, 0);
});

test('an event too big for an empty batch is an error, not a silent drop', async () => {
  const fake = fakeProducer(100, []);
  await assert.rejects(
    new EventHubSink(fake.producer, { logger }).send(
      { partitionKey: undefined, events: events(1, 500) },
      () => {},
    ),
    /does not fit in an empty batch/,
  );
});

test('retryable: the SDK flag first, then network and HTTP-style codes', () => {
  assert.equal(isRetryableSendError(busy), true);
  assert.equal(
    isRetryableSendError(Object.assign(new Error('x'), { retryable: false, code: 'ECONNRESET' })),
    false,
  );
  assert.equal(isRetryableSendError(Object.assign(new Error('x'), { code: 'ECONNRESET' })), true);
  assert.equal(isRetryableSendError(new Error('plain')), false);
});

test('open: a refused link fails at once; a stop while connecting just ends', async () => {
  const notFound = Object.assign(new Error('entity not found'), {
    code: 'MessagingEntityNotFoundError',
    retryable: false,
  });
  const producer = (createBatch: () => Promise<unknown>) =>
    ({ createBatch }) as unknown as EventHubProducerClient;
  let calls = 0;
  const refusing = new EventHubSink(
    producer(async () => {
      calls++;
      throw notFound;
    }),
    { logger },
  );
  await assert.rejects(refusing.open(new AbortController().signal), /entity not found/);
  assert.equal(calls, 1);
  const stop = new AbortController();
  stop.abort();
  const hanging = new EventHubSink(
    producer(async () => {
      throw busy;
    }),
    { logger },
  );
  await hanging.open(stop.signal);
});
