import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PartitionProperties } from '@azure/event-hubs';
import pino from 'pino';
import { LagPoller } from '../src/lag-poller.ts';
import { PartitionProgress } from '../src/partition-progress.ts';

/** A hub whose partitions were written up to `last`; `nextRound` resolves after `perRound` more reads. */
function hub(last: Record<string, number>, perRound: number) {
  const reads: string[] = [];
  let roundDone: () => void = () => {};
  const client = {
    getPartitionProperties: async (partitionId: string): Promise<PartitionProperties> => {
      reads.push(partitionId);
      if (reads.length % perRound === 0) setImmediate(roundDone);
      const seq = last[partitionId];
      return {
        eventHubName: 'orders',
        partitionId,
        beginningSequenceNumber: 0,
        lastEnqueuedSequenceNumber: seq ?? -1,
        lastEnqueuedOffset: String(seq ?? -1),
        lastEnqueuedOnUtc: new Date(0),
        isEmpty: seq === undefined,
      };
    },
  };
  const nextRound = (): Promise<void> => new Promise((resolve) => (roundDone = resolve));
  return { client, reads, nextRound };
}

test('lag counts the events written behind the batch in hand, for owned partitions only', async () => {
  const progress = new PartitionProgress(60_000);
  const { client, reads, nextRound } = hub({ '0': 900, '1': 40, '2': 500 }, 2);
  const poller = new LagPoller({
    client,
    progress,
    key: (id) => id,
    now: () => 1_000,
    logger: pino({ level: 'silent' }),
    intervalMs: 1,
  });
  poller.owned('0');
  poller.owned('1');
  // Batches of both partitions were handled: 0..99 of partition 0 and 0..40 of partition 1.
  progress.received('0', 0, 99, 0);
  progress.checkpointed('0', 99, 0);
  progress.received('1', 0, 40, 0);
  progress.checkpointed('1', 40, 0);
  const round = nextRound();
  poller.start();
  await round;
  poller.released('1');
  await poller.stop();
  assert.deepEqual(
    progress.report(1_000).map(({ partitionId, lag }) => ({ partitionId, lag })),
    [
      { partitionId: '0', lag: 801 },
      { partitionId: '1', lag: 0 },
    ],
  );
  assert.ok(!reads.includes('2'), 'a partition another replica owns is not read');
  const readsAfterStop = reads.length;
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(reads.length, readsAfterStop, 'a stopped poller reads nothing more');
});
