// Which stored events become rows, and why the others are refused (before any file is written, so they are set
// aside instead of failing their batch on every retry). Every refused case once either vanished silently or made
// a file DuckDB could not write.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_TYPE_LENGTH, planFiles, toRow, type RowResult } from '../src/index.ts';

const stored = {
  id: 'ev-1',
  type: 'OrderPlaced',
  schemaVersion: 1,
  occurredAt: '2026-11-30T10:00:00Z',
  receivedAt: '2026-11-30T10:00:01.000Z',
  source: { partitionId: '0', sequenceNumber: 1, offset: '1' },
  data: { Total: 9.99 },
  _lsn: 42,
};

const refusal = (result: RowResult): [string, string] => {
  assert.equal(result.ok, false);
  return result.ok ? ['', ''] : [result.reasonClass, result.reason];
};

test('a stored event becomes a row: UTC instants, its LSN, its data as is', () => {
  const result = toRow(stored, 99);
  assert.deepEqual(result, {
    ok: true,
    row: {
      id: 'ev-1',
      type: 'OrderPlaced',
      schemaVersion: 1,
      occurredAt: '2026-11-30T10:00:00.000Z',
      receivedAt: '2026-11-30T10:00:01.000Z',
      lsn: 42,
      data: { Total: 9.99 },
    },
  });
});

test('missing optional fields take their defaults: version 1, receivedAt = occurredAt, the batch LSN, null data', () => {
  const { schemaVersion: _v, receivedAt: _r, _lsn: _l, data: _d, ...bare } = stored;
  const result = toRow(bare, 99);
  assert.ok(result.ok);
  assert.deepEqual(
    [result.row.schemaVersion, result.row.receivedAt, result.row.lsn, result.row.data],
    [1, '2026-11-30T10:00:00.000Z', 99, null],
  );
});

test('an envelope without what a row needs is refused as "envelope", naming the field', () => {
  const cases: Array<[unknown, RegExp]> = [
    [null, /not a JSON object/],
    [{ ...stored, id: 7 }, /id is not a string/],
    [{ ...stored, type: undefined }, /type undefined is not an event type/],
    [{ ...stored, type: '  ' }, /type " {2}" is not an event type/],
    [{ ...stored, occurredAt: 'yesterday' }, /occurredAt "yesterday" is not a time/],
    [{ ...stored, receivedAt: 'not a time' }, /receivedAt "not a time" is not a time/],
    [{ ...stored, receivedAt: null }, /receivedAt null/],
    [{ ...stored, schemaVersion: 3e9 }, /schemaVersion 3000000000 is not a version number/],
    [{ ...stored, schemaVersion: 1.5 }, /schemaVersion 1.5/],
    [{ ...stored, schemaVersion: '2' }, /schemaVersion "2"/],
  ];
  for (const [change, reason] of cases) {
    const [reasonClass, text] = refusal(toRow(change, 1));
    assert.equal(reasonClass, 'envelope', text);
    assert.match(text, reason);
  }
});

test('a type or date that makes no valid folder is refused as "partition"', () => {
  for (const [change, reason] of [
    [{ ...stored, occurredAt: '+010000-01-01T00:00:00Z' }, /has no date= folder/],
    [{ ...stored, occurredAt: '-000001-01-01T00:00:00Z' }, /has no date= folder/],
    [{ ...stored, type: 'T'.repeat(MAX_TYPE_LENGTH + 1) }, /at most 128/],
  ] as const) {
    const [reasonClass, text] = refusal(toRow(change, 1));
    assert.equal(reasonClass, 'partition');
    assert.match(text, reason);
  }
});

test('a long value in a reason is clipped', () => {
  const [, text] = refusal(toRow({ ...stored, occurredAt: 'x'.repeat(10_000) }, 1));
  assert.ok(text.length < 120, text);
});

test('every accepted row lands in a valid blob name: type= and date= folders, at most 1,024 characters', () => {
  const odd = toRow(
    { ...stored, type: `${'Ü/?#'.repeat(MAX_TYPE_LENGTH / 4)}`, occurredAt: '0001-01-01T00:00:00Z' },
    1,
  );
  assert.ok(odd.ok);
  const [file] = planFiles([odd.row], `${'F'.repeat(200)}-${'0'.repeat(200)}`, 2 ** 40);
  assert.ok(file !== undefined && file.path.length <= 1_024, file?.path);
  assert.match(file.path, /^type=[A-Za-z0-9_-]+\/date=0001-01-01\/part-[A-Za-z0-9_]+-\d{12,}\.parquet$/);
});
