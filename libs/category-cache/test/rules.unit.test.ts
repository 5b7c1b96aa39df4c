import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildList, decideWrite, maxLsn, sameItems, type CategoryDocument } from '../src/index.ts';

const doc = (categoryId: number, name: string, extra: Partial<CategoryDocument> = {}): CategoryDocument => ({
  id: `category-${categoryId}`,
  type: 'category',
  categoryId,
  name,
  description: `${name} films`,
  ...extra,
});

test('the list holds live categories only, sorted by name whatever the store order', () => {
  const list = buildList([
    doc(3, 'western'),
    doc(1, 'Drama'),
    doc(2, 'action'),
    doc(9, 'Gone', { deleted: true, ttl: 60 }),
    // Not expressible in the type (the contract says type is 'category'), but a store may hold anything.
    { ...doc(4, 'Not a category'), type: 'movie' } as unknown as CategoryDocument,
  ]);
  assert.deepEqual(
    list.map((c) => c.name),
    ['action', 'Drama', 'western'],
  );
  assert.deepEqual(list[0], { categoryId: 2, name: 'action', description: 'action films' });
});

test('equal names are ordered by id, so two writers build the same list', () => {
  const a = buildList([doc(5, 'Same'), doc(4, 'Same')]);
  const b = buildList([doc(4, 'Same'), doc(5, 'Same')]);
  assert.deepEqual(a, b);
  assert.deepEqual(
    a.map((c) => c.categoryId),
    [4, 5],
  );
});

test('maxLsn reads numbers and numeric strings, 0 when none', () => {
  assert.equal(maxLsn([{ _lsn: 4 }, { _lsn: 12 }, {}]), 12);
  assert.equal(maxLsn([{ _lsn: '7' }]), 7);
  assert.equal(maxLsn([]), 0);
});

test('sameItems compares content and order', () => {
  const list = buildList([doc(1, 'A'), doc(2, 'B')]);
  assert.ok(sameItems(list, buildList([doc(2, 'B'), doc(1, 'A')])));
  assert.ok(!sameItems(list, buildList([doc(1, 'A'), doc(2, 'B', { description: 'changed' })])));
  assert.ok(!sameItems(list, buildList([doc(1, 'A')])));
});

test('a newer write needs a strictly higher version', () => {
  const current = { version: 10, writeId: 'w1' };
  assert.deepEqual(decideWrite(undefined, { kind: 'newer', version: 0 }), { write: true, version: 0 });
  assert.deepEqual(decideWrite(current, { kind: 'newer', version: 11 }), { write: true, version: 11 });
  assert.deepEqual(decideWrite(current, { kind: 'newer', version: 10 }), { write: false });
  assert.deepEqual(decideWrite(current, { kind: 'newer', version: 3 }), { write: false });
});

test('a repair replaces exactly what it compared against, and never lowers the version', () => {
  const current = { version: 10, writeId: 'w1' };
  // After a hard delete the remaining documents' max LSN (7) is below the cached version (10).
  assert.deepEqual(decideWrite(current, { kind: 'repair', version: 7, expected: current }), {
    write: true,
    version: 10,
  });
  assert.deepEqual(decideWrite(current, { kind: 'repair', version: 12, expected: current }), {
    write: true,
    version: 12,
  });
  // Someone wrote in between: the repair's read may be older than that write, so it steps back.
  assert.deepEqual(
    decideWrite({ version: 11, writeId: 'w2' }, { kind: 'repair', version: 7, expected: current }),
    {
      write: false,
    },
  );
  assert.deepEqual(decideWrite(undefined, { kind: 'repair', version: 7, expected: current }), {
    write: false,
  });
  // Expected absent: writes only into an empty cache.
  assert.deepEqual(decideWrite(undefined, { kind: 'repair', version: 7, expected: undefined }), {
    write: true,
    version: 7,
  });
  assert.deepEqual(decideWrite(current, { kind: 'repair', version: 70, expected: undefined }), {
    write: false,
  });
});
