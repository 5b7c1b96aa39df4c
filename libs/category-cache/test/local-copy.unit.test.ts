import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeInvalidation, encodeInvalidation, LocalCopy, type Category } from '../src/index.ts';

const items: Category[] = [{ categoryId: 1, name: 'A', description: '' }];

test('the copy is used only while the subscription is live', () => {
  const copy = new LocalCopy(60_000);
  assert.equal(copy.offer(items, 1, copy.generation, 0), false, 'disabled: not kept');
  copy.setEnabled(true);
  assert.equal(copy.offer(items, 1, copy.generation, 0), true);
  assert.equal(copy.get(1)?.byId.get(1)?.name, 'A');
  copy.setEnabled(false);
  assert.equal(copy.get(2), undefined);
});

test('a read that began before an invalidation may not store what it read', () => {
  const copy = new LocalCopy(60_000);
  copy.setEnabled(true);
  const generation = copy.generation;
  copy.invalidate(); // the message arrived while the read was in flight
  assert.equal(copy.offer(items, 1, generation, 0), false);
  assert.equal(copy.get(0), undefined);
  assert.equal(copy.offer(items, 2, copy.generation, 0), true);
  assert.equal(copy.get(0)?.version, 2);
  copy.invalidate();
  assert.equal(copy.get(0), undefined);
});

test('the copy expires after its maximum age even without an invalidation', () => {
  const copy = new LocalCopy(1_000);
  copy.setEnabled(true);
  copy.offer(items, 1, copy.generation, 10_000);
  assert.ok(copy.get(10_999));
  assert.equal(copy.get(11_001), undefined);
});

test('invalidation messages round-trip, and a garbled one still decodes (it still invalidates)', () => {
  const message = { version: 7, writeId: 'w', writtenAt: '2026-11-22T05:00:00.000Z', reason: 'change' };
  assert.deepEqual(decodeInvalidation(encodeInvalidation(message)), message);
  assert.deepEqual(decodeInvalidation('not json'), {});
});
