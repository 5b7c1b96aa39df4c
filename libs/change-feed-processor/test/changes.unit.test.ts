import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backoffDelay } from '../src/processing/backoff.ts';
import { etagLsn, lsnSpanOf, newestTimestampMs, sessionTokenLsn } from '../src/processing/changes.ts';
import { resolveOptions } from '../src/processor/options.ts';

const noFallback = { previousEtagLsn: undefined, pageEtagLsn: undefined };

test('latest-version LSN span comes from _lsn', () => {
  const span = lsnSpanOf([{ _lsn: 7 }, { _lsn: 3 }, { _lsn: 9 }], 'latestVersion', noFallback);
  assert.deepEqual(span, { minLsn: 3, maxLsn: 9 });
});

test('all-versions LSN span comes from metadata.lsn', () => {
  const changes = [
    { metadata: { lsn: 11, operationType: 'create' } },
    { metadata: { lsn: 12, operationType: 'delete' } },
  ];
  assert.deepEqual(lsnSpanOf(changes, 'allVersionsAndDeletes', noFallback), { minLsn: 11, maxLsn: 12 });
});

test('without item LSNs the span falls back to the feed ETags', () => {
  assert.deepEqual(lsnSpanOf([{}], 'latestVersion', { previousEtagLsn: 4, pageEtagLsn: 9 }), {
    minLsn: 5,
    maxLsn: 9,
  });
  assert.equal(etagLsn('"123"'), 123);
  assert.equal(etagLsn(undefined), undefined);
});

test('session token LSN', () => {
  assert.equal(sessionTokenLsn('0:-1#1234'), 1234);
  assert.equal(sessionTokenLsn('0:1#99#1=20'), 99);
  assert.equal(sessionTokenLsn(undefined), undefined);
});

test('newest timestamp of a batch', () => {
  assert.equal(newestTimestampMs([{ _ts: 5 }, { _ts: 7 }], 'latestVersion'), 7000);
  assert.equal(newestTimestampMs([{ metadata: { lsn: 1, crts: 9 } }], 'allVersionsAndDeletes'), 9000);
});

test('backoff is exponential, capped and jittered into [half, full]', () => {
  const policy = { initialMs: 100, maxMs: 1000, factor: 2 };
  assert.equal(backoffDelay(policy, 1, 1), 100);
  assert.equal(backoffDelay(policy, 3, 1), 400);
  assert.equal(backoffDelay(policy, 10, 1), 1000);
  assert.equal(backoffDelay(policy, 10, 0), 500);
});

test('options: defaults, and the combinations the service rejects', () => {
  const o = resolveOptions({});
  assert.equal(o.startFrom, 'beginning');
  assert.equal(o.mode, 'latestVersion');
  assert.equal(resolveOptions({ mode: 'allVersionsAndDeletes' }).startFrom, 'now');
  assert.throws(() => resolveOptions({ mode: 'allVersionsAndDeletes', startFrom: 'beginning' }), RangeError);
  assert.throws(() => resolveOptions({ leaseRenewIntervalMs: 1000, leaseExpirationMs: 1500 }), RangeError);
  assert.throws(() => resolveOptions({ maxItemCount: 0 }), RangeError);
});

test('options: responses as big as pages by default; smaller when asked, never bigger', () => {
  assert.equal(resolveOptions({ maxItemCount: 2_000 }).readItemCount, 2_000);
  assert.equal(resolveOptions({ maxItemCount: 2_000, readItemCount: 500 }).readItemCount, 500);
  assert.equal(resolveOptions({ maxItemCount: 200, readItemCount: 500 }).readItemCount, 200);
  assert.throws(() => resolveOptions({ readItemCount: 0 }), RangeError);
});
