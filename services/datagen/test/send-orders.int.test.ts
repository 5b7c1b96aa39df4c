import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { EventHubProducerClient } from '@azure/event-hubs';
import type { RunningEventHubsEmulator } from '@marquee/eventhubs-emulator';
import { parseOutFile, recordBytes, sendOrders } from '../src/index.ts';
import { readHub, startEmulator } from './helpers.ts';

let emulator: RunningEventHubsEmulator;
let dir: string;

before(async () => {
  emulator = await startEmulator(['orders', 'keyed', 'clickstream']);
  dir = await mkdtemp(path.join(tmpdir(), 'datagen-int-'));
});
after(async () => {
  await emulator?.close();
  await rm(dir, { recursive: true, force: true });
});

const sortedBase64 = (bodies: Buffer[]): string[] => bodies.map((b) => b.toString('base64')).sort();

test('2,000 orders arrive, and their bytes are exactly what --out recorded', async () => {
  const out = path.join(dir, 'sent.jsonl');
  const result = await sendOrders({
    connectionString: emulator.connectionString,
    hub: 'orders',
    count: 2_000,
    rate: 0,
    seed: 11,
    invalidRatio: 0.1,
    duplicateRatio: 0.05,
    out,
  });
  assert.equal(result.sent, 2_000);
  assert.equal(result.valid + result.invalid + result.duplicates, 2_000);
  assert.ok(result.invalid > 100 && result.duplicates > 50, JSON.stringify(result));

  const records = parseOutFile(await readFile(out, 'utf8'));
  assert.equal(records.length, 2_000);
  assert.deepEqual(
    records.map((r) => r.seq).sort((a, b) => a - b),
    Array.from({ length: 2_000 }, (_, i) => i),
  );
  const received = await readHub(emulator.connectionString, 'orders', 2_000);
  assert.equal(received.length, 2_000);
  assert.deepEqual(sortedBase64(received.map((e) => e.body)), sortedBase64(records.map(recordBytes)));
  assert.ok(received.every((e) => e.contentType === 'application/json'));
  assert.ok(new Set(received.map((e) => e.partitionId)).size > 1, 'round robin reaches several partitions');

  // The service's own count agrees: one sequence number per event across the partitions.
  const producer = new EventHubProducerClient(emulator.connectionString, 'orders');
  try {
    const ids = await producer.getPartitionIds();
    const props = await Promise.all(ids.map((id) => producer.getPartitionProperties(id)));
    const total = props.reduce(
      (sum, p) => sum + (p.isEmpty ? 0 : p.lastEnqueuedSequenceNumber - p.beginningSequenceNumber + 1),
      0,
    );
    assert.equal(total, 2_000);
  } finally {
    await producer.close();
  }
});

test('partition key "customer": all of one customer\'s orders land in one partition', async () => {
  const out = path.join(dir, 'keyed.jsonl');
  await sendOrders({
    connectionString: emulator.connectionString,
    hub: 'keyed',
    count: 1_000,
    rate: 0,
    seed: 12,
    batchSize: 50,
    partitionKey: 'customer',
    invalidRatio: 0.05,
    duplicateRatio: 0.05,
    out,
  });
  const records = parseOutFile(await readFile(out, 'utf8'));
  const keyOf = new Map(records.map((r) => [recordBytes(r).toString('base64'), r.partitionKey]));
  const received = await readHub(emulator.connectionString, 'keyed', 1_000);
  assert.equal(received.length, 1_000);
  const partitionsOfKey = new Map<string, Set<string>>();
  for (const event of received) {
    const key = keyOf.get(event.body.toString('base64'));
    assert.ok(key, 'every received body was recorded with its key');
    assert.equal(event.partitionKey, key, 'the event carries its partition key');
    const set = partitionsOfKey.get(key) ?? new Set<string>();
    set.add(event.partitionId);
    partitionsOfKey.set(key, set);
  }
  assert.ok(partitionsOfKey.size >= 30, `${partitionsOfKey.size} customers`);
  for (const [key, partitions] of partitionsOfKey)
    assert.equal(partitions.size, 1, `${key}: ${[...partitions].join(',')}`);
  const used = new Set([...partitionsOfKey.values()].flatMap((s) => [...s]));
  assert.ok(used.size > 1, 'customers spread over partitions');
});

test('paced sending holds the rate and stops on the signal, sending what it generated', async () => {
  const stop = new AbortController();
  const progress: number[] = [];
  setTimeout(() => stop.abort(), 1_500);
  const result = await sendOrders({
    connectionString: emulator.connectionString,
    hub: 'orders',
    rate: 200,
    seed: 13,
    signal: stop.signal,
    onProgress: (p) => progress.push(p.sent),
  });
  assert.equal(result.stopped, true);
  // 1.5 s at 200/s is 300 at most (plus timer granularity), however slow the start; how many fewer
  // depends on how busy the machine is, so only the ceiling is the pacing property.
  assert.ok(result.sent > 0 && result.sent <= 310, `sent ${result.sent}`);
  assert.equal(progress.at(-1), result.sent);
  assert.ok(progress.length >= 2, 'paced in several batches, not one burst');
});

test('with clickstream, the sessions behind the orders go to their hub, typed by application properties', async () => {
  const out = path.join(dir, 'clicks.jsonl');
  const result = await sendOrders({
    connectionString: emulator.connectionString,
    hub: 'orders',
    count: 100,
    rate: 0,
    seed: 12,
    out,
    clickstream: { hub: 'clickstream' },
  });
  const records = parseOutFile(await readFile(out, 'utf8'));
  const clicks = records.filter((r) => r.kind === 'click');
  assert.equal(clicks.length, result.clicks);
  assert.ok(result.clicks > 300, `${result.clicks} clicks for 100 orders`);
  const received = await readHub(emulator.connectionString, 'clickstream', result.clicks);
  assert.equal(received.length, result.clicks);
  const keyed = (body: Buffer, type: unknown, version: unknown): string =>
    `${String(type)} ${String(version)} ${body.toString('utf8')}`;
  assert.deepEqual(
    received.map((e) => keyed(e.body, e.properties?.type, e.properties?.schemaVersion)).sort(),
    clicks.map((r) => keyed(recordBytes(r), r.type, r.schemaVersion)).sort(),
  );
});
