import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isExpired, leaseIdOf, liveOwnerOf, newLease } from '../src/lease/lease-document.ts';
import { HeldLease } from '../src/lease/held-lease.ts';
import type { LeaseStore } from '../src/lease/lease-store.ts';

const range = { minInclusive: '', maxExclusive: 'FF' };

test('free leases are expired, owned ones expire after expirationMs without a write', () => {
  const l = newLease('proj', range, null, 1000);
  assert.equal(isExpired(l, 1000, 500), true);
  const mine = { ...l, owner: 'a', timestamp: 1000 };
  assert.equal(isExpired(mine, 1500, 500), false);
  assert.equal(isExpired(mine, 1501, 500), true);
  assert.equal(liveOwnerOf(mine, 1200, 500), 'a');
  assert.equal(liveOwnerOf(mine, 2000, 500), undefined);
});

test('lease ids carry the processor name so processors can share a container', () => {
  assert.equal(newLease('projector', range, null, 0).id, leaseIdOf('projector', '-FF'));
  assert.notEqual(newLease('a', range, null, 0).id, newLease('b', range, null, 0).id);
});

test('an owner fences itself one margin before others may take the lease', () => {
  const doc = { ...newLease('p', range, null, 0), owner: 'a', timestamp: 10_000 };
  const held = new HeldLease({} as LeaseStore, 'a', doc, 10_000, 1_500);
  assert.equal(held.isFresh(11_200, 200), true);
  assert.equal(held.isFresh(11_300, 200), false);
  held.markLost('taken');
  assert.equal(held.isFresh(10_001, 200), false);
});
