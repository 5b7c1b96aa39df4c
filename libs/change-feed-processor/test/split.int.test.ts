// The emulator cannot split a physical range, so the test builds the situation a split leaves behind: a lease
// whose range now spans two physical ranges, with the parent's continuation. The processor must replace it by
// two child leases carrying that continuation, and the children must resume exactly there.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newLease, type FeedRangeBounds } from '../src/lease/lease-document.ts';
import type { LeaseReleaseReason } from '../src/index.ts';
import { leaseStoreOf } from '../src/lease/index.ts';
import { latestVersionProcessor } from './support/processors.ts';
import { Recorder } from './support/recorder.ts';
import { startStack, waitFor, writeItems } from './support/stack.ts';

test('a lease spanning two physical ranges is split into child leases that resume from its continuation', async (t) => {
  const stack = await startStack(4);
  t.after(() => stack.close());
  const earlier = await writeItems(stack.monitored, 400, 'pre');
  const { resource: container } = await stack.monitored.read();
  const ranges: readonly FeedRangeBounds[] = await stack.monitored.getFeedRanges();
  const [r0, r1, r2, r3] = ranges as [FeedRangeBounds, FeedRangeBounds, FeedRangeBounds, FeedRangeBounds];
  // Every range has been read up to the last write: the emulator's LSNs are container-wide, so one ETag fits all.
  const lastLsn = Math.max(
    ...(await stack.monitored.items.readAll().fetchAll()).resources.map((r) => Number(r._lsn ?? 0)),
  );
  const tokenFor = (range: FeedRangeBounds): string =>
    JSON.stringify({ rid: container!._rid, Continuation: [{ ...range, continuationToken: `"${lastLsn}"` }] });
  const parentRange = { minInclusive: r0.minInclusive, maxExclusive: r1.maxExclusive };
  const now = Date.now();
  const store = await leaseStoreOf({
    leases: stack.leases,
    monitored: stack.monitored,
    processorName: 'proj',
  });
  for (const range of [parentRange, r2, r3])
    await store.createIfAbsent(newLease(store.format.prefix, range, tokenFor(range), now));

  const recorder = new Recorder();
  const released: LeaseReleaseReason[] = [];
  const processor = latestVersionProcessor(stack.client(), 'splitter', recorder.handler('splitter'), {
    metrics: { leaseReleased: (e) => released.push(e.reason) },
  });
  stack.track(processor);
  await processor.start();
  await waitFor('four leases processed', () => processor.getStatus().leases.length === 4);

  const later = await writeItems(stack.monitored, 400, 'post');
  await waitFor('changes after the split delivered', () => recorder.missing(later).length === 0);
  assert.equal(recorder.missing(earlier).length, earlier.length, 'children re-read what the parent had read');
  assert.equal(recorder.duplicates(), 0);
  assert.deepEqual(released, ['split']);

  const resources = await stack.leasesOf('proj');
  const tokens = resources.map((l) => l.leaseToken).sort();
  assert.deepEqual(tokens, ranges.map((r) => `${r.minInclusive}-${r.maxExclusive}`).sort());
  assert.ok(resources.every((l) => l.owner === 'splitter'));
});
