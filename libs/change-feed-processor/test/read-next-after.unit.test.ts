// A handler that paces its batches asks for its next read later (ChangeFeedContext.readNextAfter): the batch is
// checkpointed at once and the wait comes before the next read, so the read at the end of the wait has no
// checkpoint write in front of it. After a read that found nothing new, `pollDelay` sets the wait the same way.
// A feed and lease store in memory: no timing in the assertions.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Container } from '@azure/cosmos';
import { pino } from 'pino';
import { HeldLease } from '../src/lease/held-lease.ts';
import { newLease } from '../src/lease/lease-document.ts';
import { resolveOptions } from '../src/processor/options.ts';
import type { ChangeFeedContext } from '../src/processing/handler.ts';
import { PartitionProcessor } from '../src/processing/partition-processor.ts';
import { recordingStore } from './support/recording-lease-store.ts';

const range = { minInclusive: '', maxExclusive: 'FF' };

/** One page of two changes, then nothing new (304) on every later read. */
function feed() {
  const reads: number[] = [];
  const iterator = {
    hasMoreResults: true,
    async readNext() {
      reads.push(reads.length + 1);
      const first = reads.length === 1;
      return {
        statusCode: first ? 200 : 304,
        result: first
          ? [
              { id: 'a', _lsn: 1 },
              { id: 'b', _lsn: 2 },
            ]
          : [],
        continuationToken: 'c1',
        headers: { etag: '"2"' },
        sessionToken: undefined,
      };
    },
  };
  const monitored = { url: 'dbs/d/colls/c', items: { getChangeFeedIterator: () => iterator } };
  return { reads, monitored: monitored as unknown as Container };
}

function run(
  handler: (changes: unknown[], context: ChangeFeedContext) => Promise<void>,
  pollDelay?: (leaseToken: string) => number | undefined,
) {
  const { store, writes } = recordingStore();
  const doc = { ...newLease('p', range, 'c0', Date.now()), owner: 'a', _etag: 'e0' };
  const lease = new HeldLease(store, 'a', doc, Date.now(), 60_000);
  const { reads, monitored } = feed();
  const processor = new PartitionProcessor({
    lease,
    monitored,
    handler,
    options: resolveOptions({
      pollIntervalMs: 5,
      leaseRenewIntervalMs: 1_000,
      leaseExpirationMs: 60_000,
      ...(pollDelay === undefined ? {} : { pollDelay }),
    }),
    logger: pino({ level: process.env.DEBUG_TEST ? 'debug' : 'silent' }),
    observer: undefined,
    processorName: 'p',
    instanceName: 'a',
    currentRanges: () => [],
    now: Date.now,
    random: () => 0.5,
    onSplit: async () => false,
    onLost: () => undefined,
  });
  processor.start();
  return { processor, reads, writes };
}

async function until(what: string, condition: () => boolean): Promise<void> {
  for (let i = 0; i < 2_000 && !condition(); i += 1) await new Promise((r) => setTimeout(r, 5));
  assert.ok(condition(), what);
}

test('the batch is checkpointed at once, and the next read waits for the time asked', async () => {
  const { processor, reads, writes } = run(async (_changes, context) => context.readNextAfter(60_000));
  await until('the checkpoint after the batch', () => writes.some((w) => w.continuation === 'c1'));
  // Several turns of the event loop after the checkpoint: the loop is in its wait, not reading.
  for (let i = 0; i < 20; i += 1) await new Promise((r) => setImmediate(r));
  assert.equal(reads.length, 1, 'no read before the wait is over');
  assert.equal(await processor.stop(5_000), 'clean', 'stopping cuts the wait short');
  assert.equal(reads.length, 1);
});

test('without it the next read follows the checkpoint at once', async () => {
  const { processor, reads, writes } = run(async () => undefined);
  await until('a read after the checkpoint', () => reads.length >= 2);
  assert.ok(writes.some((w) => w.continuation === 'c1'));
  assert.equal(await processor.stop(5_000), 'clean');
});

test('given pollDelay, when a read finds nothing new, then the next read waits for the time it gives for the lease', async () => {
  const asked: string[] = [];
  const { processor, reads } = run(
    async () => undefined,
    (leaseToken) => (asked.push(leaseToken), 60_000),
  );
  await until('the read that found nothing new', () => asked.length === 1);
  for (let i = 0; i < 20; i += 1) await new Promise((r) => setImmediate(r));
  assert.equal(reads.length, 2, 'no read before the wait is over');
  assert.deepEqual(asked, ['-FF'], 'asked for this lease');
  assert.equal(await processor.stop(5_000), 'clean', 'stopping cuts the wait short');
});

test('given pollDelay gives nothing, when reads find nothing new, then they come every pollIntervalMs', async () => {
  let asked = 0;
  const { processor, reads } = run(
    async () => undefined,
    () => ((asked += 1), undefined),
  );
  await until('reads going on at the poll interval', () => reads.length >= 4);
  assert.ok(asked >= 2);
  assert.equal(await processor.stop(5_000), 'clean');
});
