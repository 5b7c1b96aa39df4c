import assert from 'node:assert/strict';
import { test } from 'node:test';
import { reasonGroupOf, summarizeReasons, toDeadLetter } from '../src/index.ts';
import { RECEIVED_AT, SOURCE } from './fixtures.ts';

test('100,000 reasons are summarized: a count, then the first 20', () => {
  const reasons = Array.from({ length: 100_000 }, (_, i) => `Details[${i}] must be an object`);
  const letter = toDeadLetter('{}', reasons, { receivedAt: RECEIVED_AT, source: SOURCE });
  assert.equal(letter.reasons.length, 21);
  assert.equal(letter.reasons[0], '100,000 reasons; the first 20 follow');
  assert.equal(letter.reasons[1], 'Details[0] must be an object');
  assert.equal(letter.reasonCount, 100_000);
  assert.equal(letter.reasonGroup, 'Details[] must be an object');
  assert.ok(JSON.stringify(letter).length < 2_000);
});

test('a long reason is clipped, and a few reasons are kept as they are', () => {
  const [clipped] = summarizeReasons(['x'.repeat(10_000)]);
  assert.equal(clipped?.length, 500);
  assert.deepEqual(summarizeReasons(['a', 'b']), ['a', 'b']);
  assert.equal(reasonGroupOf([]), 'no reason given');
  assert.equal(
    reasonGroupOf(['Details[12].Quantity must be <= 100', 'x']),
    'Details[].Quantity must be <= 100',
  );
});
