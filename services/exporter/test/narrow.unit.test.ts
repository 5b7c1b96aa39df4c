// Narrowing a refused file down to the rows to blame: permanent refusals set exactly those rows aside and
// the rest is encoded together; what cannot be blamed on a row is thrown as transient (retried, never set
// aside). With a stand-in encoder that refuses marked rows, and with the real one (DuckDB) on rows it refuses.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isPermanentFailure, validationError } from '@marquee/platform';
import { encodeNarrowing, EncoderUnusable, ParquetWriter, type ExportRow } from '../src/index.ts';

const live = new AbortController().signal;

/** Refuses (permanently) any set holding a row marked bad; counts its calls. */
function standIn(bad: (row: number) => boolean) {
  const calls: number[][] = [];
  return {
    calls,
    encode: async (rows: readonly number[]) => {
      calls.push([...rows]);
      if (rows.some(bad)) throw validationError('refused', ['bad row']);
      return Buffer.from(rows.join(','));
    },
    probe: async () => undefined,
    signal: live,
  };
}

test('nothing refused: one encode, nothing set aside', async () => {
  const encoder = standIn(() => false);
  const result = await encodeNarrowing([1, 2, 3], encoder);
  assert.equal(result.bytes?.toString(), '1,2,3');
  assert.deepEqual(result.refused, []);
  assert.equal(encoder.calls.length, 1);
});

test('two bad rows among 1,000: exactly they are set aside, the 998 others make the file, in few encodes', async () => {
  const rows = Array.from({ length: 1_000 }, (_, i) => i);
  const encoder = standIn((row) => row === 17 || row === 801);
  const result = await encodeNarrowing(rows, encoder);
  assert.deepEqual(
    result.refused.map((r) => r.row),
    [17, 801],
  );
  assert.ok(result.refused.every((r) => isPermanentFailure(r.error)));
  assert.equal(result.bytes?.toString(), rows.filter((r) => r !== 17 && r !== 801).join(','));
  assert.ok(encoder.calls.length <= 45, `${encoder.calls.length} encodes`);
});

test('every row refused: no file', async () => {
  const result = await encodeNarrowing(
    [1, 2],
    standIn(() => true),
  );
  assert.equal(result.bytes, undefined);
  assert.equal(result.refused.length, 2);
});

test('a transient failure is thrown as it is: nothing set aside, the batch is retried', async () => {
  const unavailable = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
  const encoder = { ...standIn(() => false), encode: async () => Promise.reject(unavailable) };
  await assert.rejects(encodeNarrowing([1, 2], encoder), (err) => err === unavailable);
});

test('an encoder that refuses a known-good row is broken: thrown as transient, no row blamed', async () => {
  const encoder = { ...standIn(() => true), probe: async () => Promise.reject(new RangeError('broken')) };
  await assert.rejects(encodeNarrowing([1, 2], encoder), (err) => {
    assert.ok(err instanceof EncoderUnusable);
    assert.equal(isPermanentFailure(err), false);
    return true;
  });
});

test('rows that encode in parts but not together: no single row is to blame, thrown as transient', async () => {
  const encoder = standIn(() => false);
  encoder.encode = async (rows) => {
    if (rows.length > 2) throw validationError('too many together', ['size']);
    return Buffer.from(rows.join(','));
  };
  await assert.rejects(encodeNarrowing([1, 2, 3, 4], encoder), (err) => !isPermanentFailure(err));
});

test('the real encoder: rows DuckDB cannot write are refused with a reason an operator can read', async () => {
  const writer = await ParquetWriter.open();
  try {
    const row = (id: string, over: Partial<ExportRow> = {}): ExportRow => ({
      id,
      type: 'OrderPlaced',
      schemaVersion: 1,
      occurredAt: '2026-11-30T10:00:00.000Z',
      receivedAt: '2026-11-30T10:00:00.000Z',
      lsn: Number(id.slice(1)),
      data: { n: id },
      ...over,
    });
    const rows = [
      row('r1'),
      row('r2', { data: { note: 'lone \ud800 surrogate' } }),
      row('r3'),
      row('r4', { receivedAt: 'not a time' }),
      row('r5', { data: JSON.parse(`${'['.repeat(20_000)}${']'.repeat(20_000)}`) as unknown }),
      row('r6'),
    ];
    const result = await encodeNarrowing(rows, {
      encode: (part) => writer.toParquet(part),
      probe: () => writer.probe(),
      signal: live,
    });
    const reasons = Object.fromEntries(
      result.refused.map((r) => [r.row.id, r.error instanceof Error ? r.error.message : '']),
    );
    assert.deepEqual(Object.keys(reasons), ['r2', 'r4', 'r5']);
    assert.match(
      reasons.r2 ?? '',
      /^Parquet encoding refused the rows: Invalid Input Error: Malformed JSON: no low surrogate/,
    );
    assert.match(reasons.r4 ?? '', /invalid timestamp field format: "not a time"/);
    assert.match(reasons.r5 ?? '', /Maximum call stack size exceeded/);
    assert.doesNotMatch(Object.values(reasons).join(), /marquee-export-|\.jsonl|in line/);
    assert.ok(result.bytes !== undefined && result.bytes.subarray(0, 4).toString() === 'PAR1');
  } finally {
    await writer.close();
  }
});
