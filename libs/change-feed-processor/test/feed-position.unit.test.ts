import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sdkPositionLsn } from '../src/processing/feed-position.ts';

const token = (...etags: (string | null)[]): string =>
  JSON.stringify({
    rid: 'abc=',
    Continuation: etags.map((etag, i) => ({
      minInclusive: String(i),
      maxExclusive: String(i + 1),
      continuationToken: etag,
    })),
  });

test('an SDK position stands at the etag of its one range; the beginning of a range before every change', () => {
  assert.equal(sdkPositionLsn(token('"1234"')), 1234);
  assert.equal(sdkPositionLsn('beginning:-FF'), 0);
});

test('SDK positions that name no single LSN are not comparable', () => {
  assert.equal(sdkPositionLsn(token('"12"', '"15"')), undefined, 'two ranges (a split under the SDK)');
  assert.equal(sdkPositionLsn(token(null)), undefined, 'a range not read yet');
  assert.equal(sdkPositionLsn(token('12')), undefined, 'not a quoted etag');
  assert.equal(sdkPositionLsn(token('"1e3"')), undefined);
  assert.equal(sdkPositionLsn(JSON.stringify({ token: '"12"', range: { min: '', max: 'FF' } })), undefined);
  assert.equal(sdkPositionLsn('t250'), undefined);
  assert.equal(sdkPositionLsn(''), undefined);
});
