import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PartitionProgress } from '../src/partition-progress.ts';

test('a partition that keeps checkpointing is never stuck; lag counts from the checkpoint', () => {
  const progress = new PartitionProgress(5_000);
  progress.received('0', 100, 250, 0);
  assert.deepEqual(progress.report(1_000), [{ partitionId: '0', lag: 151, stuckMs: 1_000, progressAtMs: 0 }]);
  progress.checkpointed('0', 199, 2_000);
  progress.received('0', 200, 250, 2_000);
  progress.checkpointed('0', 250, 3_000);
  assert.deepEqual(progress.report(60_000), [{ partitionId: '0', lag: 0, stuckMs: 0, progressAtMs: 3_000 }]);
  assert.deepEqual(progress.stuck(60_000), []);
});

test('a batch received again and again without a checkpoint is a stall, with its lag', () => {
  const progress = new PartitionProgress(5_000);
  for (let t = 0; t <= 10_000; t += 1_000) progress.received('3', 40, 45, t);
  assert.deepEqual(progress.stuck(10_000), [{ partitionId: '3', lag: 6, stuckMs: 10_000, progressAtMs: 0 }]);
  progress.checkpointed('3', 45, 11_000);
  assert.deepEqual(progress.stuck(30_000), []);
});

test('the stall clock starts when work appears, not at the last checkpoint of an idle partition', () => {
  const progress = new PartitionProgress(5_000);
  progress.received('1', 0, 0, 0);
  progress.checkpointed('1', 0, 0);
  progress.received('1', undefined, 0, 50_000);
  assert.equal(progress.report(50_000)[0]?.stuckMs, 0, 'idle is not stuck');
  progress.received('1', undefined, 9, 60_000);
  assert.equal(progress.report(62_000)[0]?.stuckMs, 2_000);
});

test('a released partition is no longer reported', () => {
  const progress = new PartitionProgress(1);
  progress.received('2', 0, 10, 0);
  progress.released('2');
  assert.deepEqual(progress.report(10_000), []);
});
