// Both change feed modes, start positions, and processors sharing one lease container.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ChangeFeedProcessorBuilder, type AllVersionsChange, type ChangeFeedContext } from '../src/index.ts';
import { latestVersionProcessor } from './support/processors.ts';
import { Recorder } from './support/recorder.ts';
import { FAST, quietLogger, startStack, waitFor, writeItems } from './support/stack.ts';

test('all-versions-and-deletes: creates, replaces and deletes arrive in order with metadata LSNs', async (t) => {
  const stack = await startStack(4);
  t.after(() => stack.close());
  const seen: Array<{ change: AllVersionsChange<{ id: string; v: number }>; context: ChangeFeedContext }> =
    [];
  const { monitored, leases } = stack.client();
  const processor = new ChangeFeedProcessorBuilder<{ id: string; v: number }>()
    .monitoredContainer(monitored)
    .leaseContainer(leases)
    .processorName('audit')
    .instanceName('auditor')
    .options({ ...FAST, mode: 'allVersionsAndDeletes', logger: quietLogger })
    .handler(async (changes, context) => {
      for (const change of changes) seen.push({ change, context });
    })
    .build();
  stack.track(processor);
  await stack.monitored.items.create({ id: 'before', pk: 'k', v: 0 });
  await processor.start();
  // "now" is fixed by each lease's first read; wait until all four have recorded it.
  await waitFor('start positions recorded', () => {
    const s = processor.getStatus().leases;
    return s.length === 4 && s.every((l) => l.lastCheckpointAt !== undefined);
  });

  await stack.monitored.items.create({ id: 'x', pk: 'kx', v: 1 });
  await stack.monitored.item('x', 'kx').replace({ id: 'x', pk: 'kx', v: 2 });
  await stack.monitored.item('x', 'kx').delete();
  await stack.monitored.items.create({ id: 'y', pk: 'ky', v: 1 });
  await waitFor('four changes', () => seen.length >= 4);

  const forX = seen.filter((s) => (s.change.current?.id ?? s.change.metadata.id) === 'x');
  assert.deepEqual(
    forX.map((s) => s.change.metadata.operationType),
    ['create', 'replace', 'delete'],
  );
  assert.equal(forX[1]?.change.current?.v, 2);
  assert.equal(forX[2]?.change.current, undefined);
  const lsns = forX.map((s) => s.change.metadata.lsn);
  assert.deepEqual(
    [...lsns].sort((a, b) => a - b),
    lsns,
  );
  for (const { change, context } of seen) {
    assert.ok(context.lsn.minLsn <= change.metadata.lsn && change.metadata.lsn <= context.lsn.maxLsn);
  }
  assert.ok(!seen.some((s) => s.change.current?.id === 'before'), 'started from now');
});

test('latest-version from "now" skips earlier changes; processors sharing a lease container are independent', async (t) => {
  const stack = await startStack(4);
  t.after(() => stack.close());
  const earlier = await writeItems(stack.monitored, 300, 'early');
  const fromNow = new Recorder();
  const fromStart = new Recorder();
  const live = latestVersionProcessor(
    stack.client(),
    'i1',
    fromNow.handler('i1'),
    { startFrom: 'now' },
    'live',
  );
  const replay = latestVersionProcessor(stack.client(), 'i1', fromStart.handler('i1'), {}, 'replay');
  stack.track(live);
  stack.track(replay);
  await Promise.all([live.start(), replay.start()]);
  await waitFor('"now" positions recorded', () =>
    live.getStatus().leases.every((l) => l.lastCheckpointAt !== undefined),
  );
  const later = await writeItems(stack.monitored, 300, 'late');

  await waitFor('replay to see everything', () => fromStart.missing([...earlier, ...later]).length === 0);
  await waitFor('live to see the later changes', () => fromNow.missing(later).length === 0);
  assert.equal(fromNow.missing(earlier).length, earlier.length);
  // Each lease's first batch: "live" had read its range empty (its position from now) before the later
  // changes came, "replay" read a backlog at once.
  const firstPerLease = (r: Recorder): (boolean | undefined)[] => [
    ...new Map([...r.deliveries].reverse().map((d) => [d.leaseToken, d.afterIdle])).values(),
  ];
  // (A lease whose loop restarted meanwhile, its renewal late on a loaded machine, reads the backlog first.)
  assert.ok(firstPerLease(fromNow).includes(true));
  assert.deepEqual(firstPerLease(fromStart), [false, false, false, false]);
  const [liveLeases, replayLeases] = [await stack.leasesOf('live'), await stack.leasesOf('replay')];
  assert.equal(liveLeases.length, 4);
  assert.equal(replayLeases.length, 4);
  assert.ok(liveLeases.every((l) => !replayLeases.some((r) => r.id === l.id)));
});
