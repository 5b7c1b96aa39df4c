// Stopping and restarting: checkpoints hold, a batch in flight at stop is either checkpointed (handler
// succeeded) or delivered again (handler failed), never skipped.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ChangeFeedProcessor } from '../src/index.ts';
import { latestVersionProcessor } from './support/processors.ts';
import { Recorder } from './support/recorder.ts';
import { startStack, waitFor, writeItems, type Stack } from './support/stack.ts';

/** Runs `fn` on a fresh stack; processors passed to `track` are stopped before the stack closes, pass or fail. */
async function withStack(
  fn: (stack: Stack, track: (p: ChangeFeedProcessor) => ChangeFeedProcessor) => Promise<void>,
): Promise<void> {
  const stack = await startStack(4);
  const processors: ChangeFeedProcessor[] = [];
  try {
    await fn(stack, (p) => {
      processors.push(p);
      return p;
    });
  } finally {
    await Promise.all(processors.map((p) => p.stop()));
    await stack.close();
  }
}

test('a restarted processor resumes from its checkpoints: nothing re-delivered, nothing skipped', () =>
  withStack(async (stack, track) => {
    const before = new Recorder();
    const first = track(latestVersionProcessor(stack.client(), 'one', before.handler('one')));
    await first.start();
    const old = await writeItems(stack.monitored, 2_000, 'old');
    await waitFor('first run to see everything', () => before.missing(old).length === 0);
    await first.stop();

    const fresh = await writeItems(stack.monitored, 1_000, 'new');
    const after = new Recorder();
    const second = track(latestVersionProcessor(stack.client(), 'two', after.handler('two')));
    await second.start();
    await waitFor('second run to see the new changes', () => after.missing(fresh).length === 0);
    await second.stop();
    assert.equal([...after.seen.keys()].filter((id) => id.startsWith('old')).length, 0);
    assert.equal(after.duplicates(), 0);
  }));

test('stop during a batch: a handler that finishes is checkpointed; one that fails on abort is re-delivered', () =>
  withStack(async (stack, track) => {
    await writeItems(stack.monitored, 400, 'x');
    const delivered = new Recorder();
    let release: (() => void) | undefined;
    const blocked = new Promise<void>((resolve) => (release = resolve));
    let firstBatch: string[] | undefined;
    let failedBatch: string[] | undefined;
    // Lease A's first batch: waits for the stop and then succeeds. Every other lease's first batch: fails on abort.
    const handler = delivered.handler('stopper', async (ids, context) => {
      if (firstBatch === undefined) {
        firstBatch = ids;
        await blocked;
        return;
      }
      if (failedBatch === undefined) failedBatch = ids;
      if (ids === failedBatch || ids.join() === failedBatch.join()) {
        await new Promise((resolve) => context.signal.addEventListener('abort', resolve, { once: true }));
        throw new Error('aborted');
      }
    });
    const stopper = track(latestVersionProcessor(stack.client(), 'stopper', handler, { maxItemCount: 20 }));
    await stopper.start();
    await waitFor('two batches in flight', () => firstBatch !== undefined && failedBatch !== undefined);
    const stopping = stopper.stop();
    setTimeout(() => release?.(), 100); // the handler outlives the stop signal but not the stop timeout
    await stopping;
    const succeeded = new Set(delivered.seen.keys());
    assert.ok(
      firstBatch!.every((id) => succeeded.has(id)),
      'the finished batch was recorded',
    );
    assert.ok(!failedBatch!.some((id) => succeeded.has(id)), 'the failed batch was not recorded');

    const again = new Recorder();
    const next = track(latestVersionProcessor(stack.client(), 'next', again.handler('next')));
    await next.start();
    const all = Array.from({ length: 400 }, (_, i) => `x${i}`);
    await waitFor('the rest delivered', () => all.every((id) => succeeded.has(id) || again.seen.has(id)));
    await next.stop();
    assert.ok(
      failedBatch!.every((id) => again.seen.has(id)),
      'the failed batch came again',
    );
    assert.ok(!firstBatch!.some((id) => again.seen.has(id)), 'the checkpointed batch did not come again');
    // Only the unfinished batch is seen twice, across both runs.
    const twice = [...again.seen.keys()].filter((id) => succeeded.has(id));
    assert.deepEqual(twice, []);
  }));

test('a handler that outlives stopTimeoutMs: stop() returns, the lease is neither freed nor checkpointed', () =>
  withStack(async (stack, track) => {
    await writeItems(stack.monitored, 100, 'z'); // enough that every range has some
    let running = 0;
    let finish: (() => void) | undefined;
    const stuck = track(
      latestVersionProcessor(
        stack.client(),
        'stuck',
        async () => {
          running += 1;
          if (running > 1) return;
          await new Promise<void>((resolve) => (finish = resolve)); // ignores the signal
        },
        { stopTimeoutMs: 300 },
      ),
    );
    await stuck.start();
    await waitFor(
      'one handler hanging, the other ranges done',
      () => running >= 1 && stuck.getStatus().leases.filter((l) => l.batchesProcessed > 0).length === 3,
    );
    const started = Date.now();
    await stuck.stop();
    assert.ok(Date.now() - started < 2_000, 'stop() waited past its timeout');
    finish?.(); // the handler completes after stop() gave up on it
    await new Promise((r) => setTimeout(r, 200));
    const resources = await stack.leasesOf('proj');
    const hung = resources.filter((l) => l.owner === 'stuck');
    assert.equal(hung.length, 1, 'the hung range stays owned until it expires');
    assert.equal(hung[0]?.continuation, null, 'nothing was checkpointed after stop() returned');
    assert.ok(resources.filter((l) => l.owner === null).length >= 1, 'the other ranges were freed');
  }));

test('stop() called while start() is still running stops the processor once started: no loop outlives it', () =>
  withStack(async (stack, track) => {
    const recorder = new Recorder();
    const processor = track(latestVersionProcessor(stack.client(), 'early', recorder.handler('early')));
    const starting = processor.start();
    const stopping = processor.stop();
    assert.equal(processor.getStatus().state, 'starting');
    await Promise.all([starting, stopping]);
    assert.equal(processor.getStatus().state, 'stopped');
    assert.equal(processor.getStatus().leases.length, 0, 'no lease is still held');
    const mine = await stack.leasesOf(processor.processorName);
    assert.ok(mine.length > 0, 'the start did create the leases');
    assert.ok(
      mine.every((l) => !l.owner),
      'and the stop freed them',
    );
  }));
