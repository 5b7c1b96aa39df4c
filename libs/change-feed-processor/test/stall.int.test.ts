// A lease that cannot make progress says so: a handler that keeps failing (a store that is down, say) is
// reported stalled once past the threshold, in getStatus() and to the observer, and recovered once it passes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LeaseEvent, StallEvent } from '../src/index.ts';
import { latestVersionProcessor } from './support/processors.ts';
import { startStack, waitFor, writeItems } from './support/stack.ts';

test('a handler failing for longer than stallThresholdMs: the lease is reported stalled, then recovered', async (t) => {
  const stack = await startStack(1);
  t.after(() => stack.close());
  let down = true;
  const delivered = new Set<string>();
  const stalls: StallEvent[] = [];
  const recoveries: Array<LeaseEvent & { stalledMs: number }> = [];
  const processor = latestVersionProcessor(
    stack.client(),
    'stuck',
    async (changes) => {
      if (down) throw Object.assign(new Error('store unavailable'), { code: 503 });
      for (const c of changes) delivered.add(c.id);
    },
    {
      stallThresholdMs: 300,
      metrics: { leaseStalled: (e) => stalls.push(e), leaseRecovered: (e) => recoveries.push(e) },
    },
  );
  stack.track(processor);
  await processor.start();
  await waitFor('a lease', () => processor.getStatus().leases.length === 1);
  assert.equal(processor.getStatus().leases[0]?.stalled, false, 'idle at the head is not a stall');

  const ids = await writeItems(stack.monitored, 5);
  await waitFor('the stall reported', () => stalls.length === 1);
  const lease = processor.getStatus().leases[0];
  assert.equal(lease?.stalled, true);
  assert.ok((lease?.stalledMs ?? 0) > 300, `stalled for ${lease?.stalledMs} ms`);
  assert.match(String((stalls[0]?.error as Error).message), /store unavailable/);
  assert.equal(stalls[0]?.leaseToken, lease?.leaseToken);

  down = false;
  await waitFor('every change delivered', () => ids.every((id) => delivered.has(id)));
  await waitFor('the recovery reported', () => recoveries.length === 1);
  assert.equal(stalls.length, 1, 'one report per stall, not one per retry');
  assert.equal(processor.getStatus().leases[0]?.stalled, false);
  assert.equal(processor.getStatus().leases[0]?.stalledMs, 0);
  await processor.stop();
});
