// KEDA's azure-cosmosdb scaler reads Marquee's leases: it finds them by its id prefix rule, accepts their
// FeedRange and ContinuationToken, and its lag estimate shows a backlog and then its draining.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { latestVersionProcessor } from './support/processors.ts';
import { kedaEstimate } from './support/keda-estimate.ts';
import { Recorder } from './support/recorder.ts';
import { startStack, waitFor, writeItems } from './support/stack.ts';

test("KEDA's lag estimate over Marquee's leases sees the backlog and its draining", async (t) => {
  const stack = await startStack(4);
  t.after(() => stack.close());
  const scope = { ...stack, processorName: 'proj', endpoint: stack.emulator.endpoint };
  const recorder = new Recorder();
  const first = stack.track(latestVersionProcessor(stack.client(), 'a', recorder.handler('a')));
  await first.start();
  const early = await writeItems(stack.monitored, 200, 'early');
  await waitFor('the first writes handled', () => recorder.missing(early).length === 0);
  await waitFor('every lease checkpointed', () =>
    first.getStatus().leases.every((l) => l.lastCheckpointAt !== undefined),
  );
  await new Promise((r) => setTimeout(r, 300)); // the last page's checkpoint

  const caughtUp = await kedaEstimate(scope, 100);
  assert.equal(caughtUp.leases, 4, 'KEDA finds every lease of the processor, and only those');
  assert.equal(caughtUp.totalLag, 0);

  // The processor is down while writes go on: KEDA must see lag on every range.
  await first.stop();
  const backlog = await writeItems(stack.monitored, 400, 'late');
  const behind = await kedaEstimate(scope, 100);
  t.diagnostic(
    `KEDA's view with the processor stopped: ${JSON.stringify(Object.fromEntries(behind.lagByLease))}`,
  );
  assert.equal(behind.activeLeases, 4);
  assert.ok(behind.totalLag >= backlog.length, `total lag ${behind.totalLag} < ${backlog.length} writes`);
  assert.equal(behind.metric, Math.min(behind.totalLag, 4 * 100));

  // Back up: the backlog is handled and the estimate drops to zero.
  const second = stack.track(latestVersionProcessor(stack.client(), 'b', recorder.handler('b')));
  await second.start();
  await waitFor('the backlog handled', () => recorder.missing(backlog).length === 0);
  await new Promise((r) => setTimeout(r, 300));
  assert.equal((await kedaEstimate(scope, 100)).totalLag, 0);
});
