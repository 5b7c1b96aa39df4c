// Leases of Marquee's first format are converted once, under the fleet's bootstrap lock, by whichever new
// instance gets the lock first: the new leases resume at the old checkpoints (nothing re-read, nothing skipped),
// the old documents become tombstones that fence instances still running the old version.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MIGRATED_OWNER } from '../src/lease/index.ts';
import type { OldLease } from '../src/lease/migration.ts';
import type { FeedRangeBounds } from '../src/index.ts';
import { latestVersionProcessor } from './support/processors.ts';
import { Recorder } from './support/recorder.ts';
import { startStack, waitFor, writeItems } from './support/stack.ts';

test('old-format leases are converted once by concurrent starters and resume at their checkpoints', async (t) => {
  const stack = await startStack(4);
  t.after(() => stack.close());
  const before = await writeItems(stack.monitored, 300, 'pre');
  const { resource: container } = await stack.monitored.read();
  // What the old version left: every range checkpointed after the last write so far (the emulator's LSNs are
  // container-wide, so one ETag fits every range), one lease still owned by a live old-version instance.
  const lastLsn = Math.max(
    ...(await stack.monitored.items.readAll().fetchAll()).resources.map((r) => Number(r._lsn ?? 0)),
  );
  const ranges: readonly FeedRangeBounds[] = await stack.monitored.getFeedRanges();
  const old: OldLease[] = [];
  for (const [i, r] of ranges.entries()) {
    const range = { minInclusive: r.minInclusive, maxExclusive: r.maxExclusive };
    const leaseToken = `${range.minInclusive}-${range.maxExclusive}`;
    const continuation = JSON.stringify({
      rid: container!._rid,
      Continuation: [{ ...range, continuationToken: `"${lastLsn}"` }],
    });
    const doc = {
      id: `proj:${leaseToken}`,
      kind: 'lease' as const,
      schemaVersion: 1 as const,
      processorName: 'proj',
      leaseToken,
      feedRange: range,
      owner: i === 0 ? 'old-version' : null,
      continuation,
      timestamp: Date.now(),
      handoverTo: null,
      ownershipVersion: 1,
    };
    const { resource } = await stack.leases.items.create(doc);
    old.push(resource as unknown as OldLease);
  }
  // Another processor's old leases are not touched.
  await stack.leases.items.create({ ...old[1], id: 'other:x', processorName: 'other', _etag: undefined });
  const after = await writeItems(stack.monitored, 300, 'post');

  const recorder = new Recorder();
  const a = stack.track(latestVersionProcessor(stack.client(), 'a', recorder.handler('a')));
  const b = stack.track(latestVersionProcessor(stack.client(), 'b', recorder.handler('b')));
  await Promise.all([a.start(), b.start()]);
  await waitFor('the changes after the old checkpoints', () => recorder.missing(after).length === 0);

  assert.equal(recorder.missing(before).length, before.length, 'nothing before the old checkpoints re-read');
  assert.equal(recorder.duplicates(), 0);
  const leases = await stack.leasesOf('proj');
  assert.deepEqual(
    leases.map((l) => l.leaseToken).sort(),
    old.map((l) => l.leaseToken).sort(),
    'exactly one new lease per old one',
  );
  const { resources } = await stack.leases.items.readAll<OldLease>().fetchAll();
  const tombstones = resources.filter((d) => d.processorName === 'proj');
  assert.equal(tombstones.length, 4);
  assert.ok(tombstones.every((d) => d.owner === MIGRATED_OWNER));
  assert.equal(resources.find((d) => d.id === 'other:x')?.owner, null);

  // The old-version owner's next checkpoint carries the ETag it last saw: refused, so it stops.
  const stale = old[0]!;
  await assert.rejects(
    stack.leases
      .item(stale.id, stale.id)
      .replace(
        { ...stale, continuation: null },
        { accessCondition: { type: 'IfMatch', condition: stale._etag! } },
      ),
    (error: { code?: number }) => error.code === 412,
  );

  // Converted once: a restart finds nothing left to do and keeps the same leases.
  await a.stop();
  await b.stop();
  const again = stack.track(latestVersionProcessor(stack.client(), 'c', recorder.handler('c')));
  await again.start();
  assert.deepEqual((await stack.leasesOf('proj')).map((l) => l.id).sort(), leases.map((l) => l.id).sort());
});
