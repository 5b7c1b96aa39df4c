// Three instances over one container with four physical ranges.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ChangeFeedProcessorBuilder, type ChangeFeedProcessor } from '../src/index.ts';
import { Recorder } from './support/recorder.ts';
import { FAST, quietLogger, startStack, waitFor, writeItems } from './support/stack.ts';

test('three instances: 20,000 changes each handled once, one handler per range at a time, even spread, graceful handover', async (t) => {
  const stack = await startStack(4);
  const recorder = new Recorder();
  const losses: string[] = [];
  const processors: ChangeFeedProcessor[] = ['a', 'b', 'c'].map((name) => {
    const { monitored, leases } = stack.client();
    return new ChangeFeedProcessorBuilder<{ id: string }>()
      .monitoredContainer(monitored)
      .leaseContainer(leases)
      .processorName('proj')
      .instanceName(name)
      .options({
        ...FAST,
        maxItemCount: 100,
        logger: quietLogger,
        metrics: { leaseLost: (e) => losses.push(`${name} ${e.leaseToken} ${e.reason}`) },
      })
      .handler(recorder.handler(name))
      .build();
  });
  t.after(async () => {
    await Promise.all(processors.map((p) => p.stop()));
    await stack.close();
  });
  const [a, b, c] = processors as [ChangeFeedProcessor, ChangeFeedProcessor, ChangeFeedProcessor];
  const owned = (): number[] => processors.map((p) => p.getStatus().leases.length);
  const even = (): boolean => {
    const counts = owned().filter((_, i) => processors[i]?.getStatus().state === 'running');
    return counts.reduce((x, y) => x + y, 0) === 4 && Math.max(...counts) - Math.min(...counts) <= 1;
  };
  await Promise.all([a.start(), b.start()]);
  await waitFor('a 2/2 spread over two instances', even);

  // The third instance joins while the changes are being written and read: leases are handed over under load.
  const writing = writeItems(stack.monitored, 20_000);
  await c.start();
  const ids = await writing;
  await waitFor('every change delivered', () => recorder.seen.size === ids.length, 60_000);
  assert.deepEqual(recorder.missing(ids), []);
  await waitFor('an even spread over three instances', even);
  assert.deepEqual(recorder.overlaps, [], 'a lease token was handled by two handlers at once');
  // Handovers happen between batches after a checkpoint, so balancing re-delivers nothing. Only a lost lease
  // (an owner that could not renew in time, e.g. on a starved CI machine) re-delivers, at most its one
  // unfinished batch.
  assert.ok(
    recorder.duplicates() <= losses.length * 100,
    `${recorder.duplicates()} re-deliveries, ${losses.join('; ')}`,
  );
  const instances = new Set(recorder.deliveries.map((d) => d.instance));
  assert.ok(instances.size >= 2, `deliveries came from ${[...instances].join(',')}`);
  assert.deepEqual(owned().toSorted(), [1, 1, 2]);

  // A graceful stop frees the leases at once: the others take them in an acquire round, not after expiry.
  const [leaving, ...staying] = [a, b, c];
  const stoppedAt = Date.now();
  await leaving.stop();
  await waitFor('the other two to own all four leases', () =>
    staying.every((p) => p.getStatus().leases.length === 2),
  );
  const handoverMs = Date.now() - stoppedAt;
  assert.ok(handoverMs < FAST.leaseExpirationMs, `took ${handoverMs} ms: leases waited for expiry`);

  const more = await writeItems(stack.monitored, 1_000, 'late');
  await waitFor('changes after the stop delivered', () => recorder.missing(more).length === 0);
  assert.deepEqual(recorder.overlaps, []);
  assert.ok(
    recorder.duplicates() <= losses.length * 100,
    `${recorder.duplicates()} re-deliveries, ${losses.join('; ')}`,
  );
  assert.ok(
    !recorder.deliveries.some((d) => d.instance === 'a' && d.ids.some((id) => id.startsWith('late'))),
  );
});
