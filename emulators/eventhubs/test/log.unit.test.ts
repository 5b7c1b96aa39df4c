import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import rhea from 'rhea';
import { BATCH_MESSAGE_FORMAT, parseTransfer } from '../src/amqp/incoming.ts';
import { PartitionLog } from '../src/log/partitionLog.ts';
import { partitionForKey } from '../src/log/partitionKey.ts';
import { eventsToDrop, resolveRetention } from '../src/log/retention.ts';
import { SegmentStore } from '../src/log/segmentStore.ts';

const { message } = rhea;

function batch(bodies: string[]) {
  const body = message.data_sections(
    bodies.map((b) => message.encode({ body: message.data_section(Buffer.from(b)) })),
  );
  return parseTransfer(message.encode({ body }), BATCH_MESSAGE_FORMAT);
}

function bodyOf(stored: Buffer): string {
  return (message.decode(stored).body as { content: Buffer }).content.toString();
}

test('partition key hash is stable and spreads keys', () => {
  assert.equal(partitionForKey('customer-1', 4), partitionForKey('customer-1', 4));
  // Pinned values: changing the hash would move existing keys to other partitions.
  assert.deepEqual(
    ['a', 'b', 'customer-1', '', 'ünïcode'].map((k) => partitionForKey(k, 4)),
    [0, 1, 3, 1, 1],
  );
  assert.deepEqual(
    ['a', 'b', 'customer-1'].map((k) => partitionForKey(k, 32)),
    [12, 5, 23],
  );
  const used = new Set(Array.from({ length: 200 }, (_, i) => partitionForKey(`key-${i}`, 8)));
  assert.equal(used.size, 8);
});

test('retention drops the oldest events by count, bytes and age', () => {
  const sizes = [10, 10, 10, 10];
  const times = [100, 200, 300, 400];
  const events = { count: 4, bytes: 40, sizeAt: (i: number) => sizes[i]!, timeAt: (i: number) => times[i]! };
  assert.equal(eventsToDrop(events, resolveRetention({ maxEventsPerPartition: 3 }), 400), 1);
  assert.equal(eventsToDrop(events, resolveRetention({ maxBytesPerPartition: 15 }), 400), 3);
  assert.equal(eventsToDrop(events, resolveRetention({ maxAgeMs: 150 }), 400), 2);
  assert.equal(eventsToDrop(events, resolveRetention({ maxAgeMs: 10 }), 1000), 4);
  assert.equal(eventsToDrop(events, resolveRetention({}), 400), 0);
});

test('the partition log numbers events from 0, finds times, and moves the earliest up on retention', () => {
  const log = new PartitionLog(resolveRetention({ maxEventsPerPartition: 3 }));
  assert.equal(log.isEmpty, true);
  assert.equal(log.lastSequenceNumber, -1);
  log.append(batch(['a', 'b']), 1000);
  log.append(batch(['c', 'd']), 2000);
  assert.equal(log.firstSequenceNumber, 1);
  assert.equal(log.nextSequenceNumber, 4);
  assert.equal(bodyOf(log.eventAt(1)), 'b');
  assert.equal(bodyOf(log.eventAt(3)), 'd');
  assert.equal(log.firstAfterTime(1500), 2);
  assert.equal(log.firstAfterTime(0), 1);
  assert.equal(log.firstAfterTime(5000), 4);
  // Time never goes backwards even if the clock does.
  log.append(batch(['e']), 500);
  assert.equal(log.lastEnqueuedTimeMs, 2000);
});

test('segment files keep events across a reopen, cut a torn tail and drop expired segments', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'eh-log-'));
  try {
    const retention = resolveRetention({ maxEventsPerPartition: 1000 });
    const opened = SegmentStore.open(dir, 200);
    const log = new PartitionLog(retention, opened.store, opened.loaded);
    for (let i = 0; i < 10; i++) log.append(batch([`e${i}`]), 1000 + i);
    log.close();
    assert.ok(readdirSync(dir).length > 1, 'small segments roll over');
    appendFileSync(path.join(dir, readdirSync(dir).sort().at(-1)!), Buffer.from([0, 0, 0, 99, 1, 2]));

    const again = SegmentStore.open(dir, 200);
    assert.equal(again.loaded.nextSequenceNumber, 10);
    const reopened = new PartitionLog(
      resolveRetention({ maxEventsPerPartition: 2 }),
      again.store,
      again.loaded,
    );
    reopened.applyRetention(2000);
    assert.equal(reopened.firstSequenceNumber, 8);
    assert.equal(bodyOf(reopened.eventAt(9)), 'e9');
    reopened.append(batch(['e10']), 3000);
    assert.equal(reopened.lastSequenceNumber, 10);
    reopened.close();

    const third = SegmentStore.open(dir, 200);
    assert.equal(third.loaded.nextSequenceNumber, 11);
    assert.ok(third.loaded.firstSequenceNumber > 0, 'expired segments were deleted');
    third.store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
