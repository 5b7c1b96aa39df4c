import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HeldLease } from '../src/lease/held-lease.ts';
import { newLease } from '../src/lease/lease-document.ts';
import type { LeaseStore } from '../src/lease/lease-store.ts';
import { recordingStore } from './support/recording-lease-store.ts';

const range = { minInclusive: '', maxExclusive: 'FF' };

const heldBy = (store: LeaseStore): HeldLease =>
  new HeldLease(store, 'a', { ...newLease('p', range, null, 0), owner: 'a', _etag: 'e0' }, 0, 10_000);

test('a renewal queued behind a checkpoint sent after it was asked for writes nothing more', async () => {
  const { store, writes } = recordingStore();
  const held = heldBy(store);
  const results = await Promise.all([
    held.renew(() => 100),
    held.checkpoint('c1', () => 200), // sent at 200, once the first renewal landed
    held.renew(() => 150), // asked at 150, queued behind the checkpoint
  ]);
  assert.deepEqual(results, [{ ok: true }, { ok: true }, { ok: true }]);
  assert.deepEqual(
    writes.map((w) => [w.timestamp, w.continuation]),
    [
      [100, null],
      [200, 'c1'],
    ],
    'the checkpoint moved the timestamp for the second renewal',
  );
});

test('a renewal asked after the last write was sent still writes', async () => {
  const { store, writes } = recordingStore();
  const held = heldBy(store);
  await held.checkpoint('c1', () => 100);
  assert.deepEqual(await held.renew(() => 300), { ok: true });
  assert.deepEqual(
    writes.map((w) => w.timestamp),
    [100, 300],
  );
  assert.equal(held.doc.timestamp, 300);
});

test('a lease checkpointed lately is not renewed: its checkpoints move the timestamp', async () => {
  const { store, writes } = recordingStore();
  const held = heldBy(store);
  await held.checkpoint('c1', () => 1_000);
  assert.deepEqual(await held.renew(() => 1_400, 500), { ok: true }, 'confirmed 400 ms ago: no write');
  assert.deepEqual(await held.renew(() => 1_600, 500), { ok: true }, 'confirmed 600 ms ago: written');
  assert.deepEqual(
    writes.map((w) => w.timestamp),
    [1_000, 1_600],
  );
});
