import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PartitionContext, ReceivedEventData } from '@azure/event-hubs';
import { CheckpointPacing } from '../src/checkpoint-pacing.ts';

/** A partition whose checkpoints are recorded as the sequence numbers written. */
function partition(partitionId: string, written: string[]): PartitionContext {
  return {
    partitionId,
    updateCheckpoint: async (event: ReceivedEventData) => {
      await new Promise((r) => setImmediate(r));
      written.push(`${partitionId}:${event.sequenceNumber}`);
    },
  } as unknown as PartitionContext;
}

const event = (sequenceNumber: number): ReceivedEventData => ({ sequenceNumber }) as ReceivedEventData;

function pacing(maxEvents = 1_000) {
  let now = 0;
  const checkpoints = new CheckpointPacing({ intervalMs: 1_000, maxEvents, now: () => now });
  return { checkpoints, at: (ms: number) => void (now = ms) };
}

test('a busy partition is checkpointed at most once a second, at the last done event', async () => {
  const written: string[] = [];
  const p0 = partition('0', written);
  const { checkpoints, at } = pacing();
  for (let i = 0; i < 25; i += 1) {
    at(i * 100); // a batch of 10 events every 100 ms
    await checkpoints.done(p0, event(i * 10 + 9), 10);
  }
  // The first batch (nothing written for a second before it), then at 1,000 and 2,000 ms.
  assert.deepEqual(written, ['0:9', '0:109', '0:209']);
  assert.deepEqual(checkpoints.uncheckpointed, new Map([['0', 40]]));
});

test('so many done events get a checkpoint whatever the time', async () => {
  const written: string[] = [];
  const p1 = partition('1', written);
  const { checkpoints, at } = pacing(250);
  at(0);
  await checkpoints.done(p1, event(99), 100);
  for (const last of [199, 299, 399]) await checkpoints.done(p1, event(last), 100);
  assert.deepEqual(written, ['1:99', '1:399'], 'the third batch after the first reaches 300 ≥ 250');
});

test('an idle or closing partition, and a graceful stop, write what is done; a lost one writes nothing', async () => {
  const written: string[] = [];
  const [p0, p1, p2] = ['0', '1', '2'].map((id) => partition(id, written)) as [
    PartitionContext,
    PartitionContext,
    PartitionContext,
  ];
  const { checkpoints, at } = pacing();
  at(0);
  for (const p of [p0, p1, p2]) await checkpoints.done(p, event(9), 10);
  at(10);
  for (const p of [p0, p1, p2]) await checkpoints.done(p, event(19), 10);
  assert.equal(written.length, 3, 'the first batch of each');

  await checkpoints.flush('0'); // its receive came back empty
  assert.deepEqual(written.slice(3), ['0:19']);
  await checkpoints.flush('0');
  assert.equal(written.length, 4, 'nothing more to write');

  checkpoints.released('1'); // another replica owns it now: it reads 10..19 again (409s), never skips them
  await checkpoints.flushAll(); // SIGTERM, after the batches in flight finished
  assert.deepEqual(written.slice(4), ['2:19']);
  assert.deepEqual(checkpoints.uncheckpointed, new Map());
});

test('interval 0: every batch is checkpointed, as before', async () => {
  const written: string[] = [];
  const p0 = partition('0', written);
  const checkpoints = new CheckpointPacing({ intervalMs: 0, maxEvents: 1_000, now: () => 5 });
  for (const last of [9, 19, 29]) await checkpoints.done(p0, event(last), 10);
  assert.deepEqual(written, ['0:9', '0:19', '0:29']);
});
