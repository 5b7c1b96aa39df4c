import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  effectivePartitionKey,
  epkInRange,
  rangeIndexOf,
  splitEpkSpace,
  type PartitionKeyValue,
} from '../src/hashing/epk.ts';
import { murmur3x64_128 } from '../src/hashing/murmur3.ts';

// The SDK's own hash v2 implementation, reached by file path (it is not part of the package's public exports).
const sdkHashPath = new URL('../node_modules/@azure/cosmos/dist/esm/utils/hashing/v2.js', import.meta.url)
  .href;
const sdk = (await import(sdkHashPath)) as { hashV2PartitionKey(pk: PartitionKeyValue[]): string };

const samples: PartitionKeyValue[] = [
  'a',
  '',
  'p1',
  'exactly16bytes!!',
  'a string that is longer than one sixteen byte block',
  'ünïcødé ✓',
  0,
  1,
  -1,
  3.14159,
  2 ** 53,
  -1e300,
  true,
  false,
  null,
  undefined,
];

test('EPKs equal the SDK hash v2 for strings, numbers, booleans, null and none', () => {
  for (const value of samples) {
    assert.equal(
      effectivePartitionKey([value]),
      sdk.hashV2PartitionKey([value]),
      JSON.stringify(value) ?? 'undefined',
    );
  }
});

test('EPKs equal the SDK hash v2 for keys of every length and tail (32-bit lane arithmetic)', () => {
  // Deterministic pseudo-random keys: 0–80 characters (ASCII and multi-byte), and doubles of every magnitude.
  let state = 12345;
  const next = (): number => (state = (Math.imul(state, 1103515245) + 12345) >>> 0);
  const alphabet = 'abcXYZ019-_:é✓𝄞';
  for (let i = 0; i < 3000; i++) {
    const length = next() % 81;
    let key = '';
    for (let j = 0; j < length; j++) key += [...alphabet][next() % [...alphabet].length];
    const number = (next() - 2 ** 31) * 2 ** ((next() % 120) - 60);
    for (const value of [key, number]) {
      assert.equal(effectivePartitionKey([value]), sdk.hashV2PartitionKey([value]), String(value));
    }
  }
});

test('known EPK values (computed through the SDK code path) stay fixed', () => {
  assert.equal(effectivePartitionKey(['a']), '3A5381E1114EB8D3FCC90795045B49B7');
  assert.equal(effectivePartitionKey(['p1']), '062B23DEC15212F01B9A85F4E93A940C');
  assert.equal(effectivePartitionKey([42]), '08E6D561F6FD951DCC25E7E4EA2884B5');
  assert.equal(effectivePartitionKey([null]), '378867E4430E67857ACE5C908374FE16');
});

test('EPKs are 32 uppercase hex digits with the top two bits clear', () => {
  for (let i = 0; i < 500; i++) {
    const epk = effectivePartitionKey([`key-${i}`]);
    assert.match(epk, /^[0-3][0-9A-F]{31}$/);
  }
});

test('murmur3 x64 128 of the empty input with seed 0 is zero', () => {
  assert.deepEqual(murmur3x64_128(new Uint8Array(0)), [0n, 0n]);
});

test('range split: contiguous, sorted, from "" to "FF", ids 0..n-1', () => {
  for (const n of [1, 2, 3, 4, 7, 16]) {
    const ranges = splitEpkSpace(n);
    assert.equal(ranges.length, n);
    assert.equal(ranges[0]!.minInclusive, '');
    assert.equal(ranges[n - 1]!.maxExclusive, 'FF');
    ranges.forEach((r, i) => {
      assert.equal(r.id, String(i));
      assert.ok(r.minInclusive < r.maxExclusive);
      if (i > 0) assert.equal(r.minInclusive, ranges[i - 1]!.maxExclusive);
    });
  }
  assert.deepEqual(
    splitEpkSpace(4).map((r) => r.maxExclusive),
    [
      '10000000000000000000000000000000',
      '20000000000000000000000000000000',
      '30000000000000000000000000000000',
      'FF',
    ],
  );
  assert.throws(() => splitEpkSpace(0));
});

test('every key falls in exactly one range, and keys spread over all ranges', () => {
  const ranges = splitEpkSpace(4);
  const counts = [0, 0, 0, 0];
  for (let i = 0; i < 2000; i++) {
    const epk = effectivePartitionKey([`k${i}`]);
    const holders = ranges.filter((r) => epkInRange(epk, r.minInclusive, r.maxExclusive));
    assert.equal(holders.length, 1);
    assert.equal(rangeIndexOf(ranges, epk), Number(holders[0]!.id));
    counts[rangeIndexOf(ranges, epk)]!++;
  }
  assert.ok(
    counts.every((c) => c > 350),
    counts.join(','),
  );
});
