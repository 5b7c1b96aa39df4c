// An instance killed without warning: its leases move after expiry and nothing is lost.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ChangeFeedProcessorBuilder } from '../src/index.ts';
import { spawnInstance } from './support/child-instance.ts';
import { Recorder } from './support/recorder.ts';
import { FAST, quietLogger, startStack, waitFor, writeItems } from './support/stack.ts';

test('a SIGKILLed instance: its ranges move to the survivor after expiry, no change lost', async (t) => {
  const stack = await startStack(4);
  const victim = spawnInstance(stack.emulator.endpoint, stack.emulator.key, 'victim');
  const recorder = new Recorder();
  const survivorLosses: string[] = [];
  const { monitored, leases } = stack.client();
  const survivor = new ChangeFeedProcessorBuilder<{ id: string }>()
    .monitoredContainer(monitored)
    .leaseContainer(leases)
    .processorName('proj')
    .instanceName('survivor')
    .options({
      ...FAST,
      maxItemCount: 50,
      logger: quietLogger,
      metrics: { leaseLost: (e) => survivorLosses.push(`${e.leaseToken} ${e.reason}`) },
    })
    .handler(recorder.handler('survivor'))
    .build();
  t.after(async () => {
    await victim.kill();
    await survivor.stop();
    await stack.close();
  });

  await waitFor('the victim to own all four leases', () => victim.ready() && victim.acquired.length === 4);
  await survivor.start();
  await waitFor('a 2/2 split between victim and survivor', () => survivor.getStatus().leases.length === 2);

  const first = await writeItems(stack.monitored, 4_000, 'a');
  const deliveredByVictim = (): number => victim.batches.reduce((n, b) => n + b.ids.length, 0);
  await waitFor('the victim to be mid-stream', () => deliveredByVictim() > 0);
  const writing = writeItems(stack.monitored, 4_000, 'b');
  await victim.kill();
  const killedAt = Date.now();
  const victimOwned = victim.acquired.length - victim.released.length;

  await waitFor(
    'the survivor to own all four leases',
    () => survivor.getStatus().leases.length === 4,
    10_000,
  ).catch(async (error: unknown) => {
    const { resources } = await stack.leases.items.readAll().fetchAll();
    t.diagnostic(JSON.stringify({ status: survivor.getStatus(), leases: resources }));
    throw error;
  });
  const movedMs = Date.now() - killedAt;
  // Expected: expiry plus the balancing round that notices it (measured 1.2–1.8 s with these settings). The
  // assertion allows 3 s more: on a starved 2-core machine a round's three requests can take that long.
  const bound = FAST.leaseExpirationMs + FAST.leaseRenewIntervalMs + FAST.leaseAcquireIntervalMs + 3_000;
  assert.ok(movedMs <= bound, `leases moved after ${movedMs} ms (bound ${bound} ms)`);
  t.diagnostic(`leases moved ${movedMs} ms after SIGKILL`);

  const second = await writing;
  for (const batch of victim.batches)
    recorder.record(
      'victim',
      { leaseToken: batch.lease, lsn: { minLsn: 0, maxLsn: 0 }, attempt: 1 },
      batch.ids,
    );
  await waitFor('every change delivered', () => recorder.missing([...first, ...second]).length === 0, 20_000);
  assert.deepEqual(recorder.overlaps, []);
  // Re-deliveries come only from unfinished batches: at most one page per lease the victim held, plus one per
  // lease the survivor lost (on a starved machine it can miss its own renewals and fence itself).
  const redeliveryBound = (victimOwned + survivorLosses.length) * 50;
  assert.ok(
    recorder.duplicates() <= redeliveryBound,
    `${recorder.duplicates()} re-deliveries; victim held ${victimOwned}, survivor lost ${survivorLosses.join(', ')}`,
  );
});
