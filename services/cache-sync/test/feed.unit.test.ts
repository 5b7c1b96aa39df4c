import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isContinuationTooOld } from '../src/index.ts';

test('a 400 on an all-versions read means the continuation fell out of retention', () => {
  const outside = Object.assign(new Error('continuation is outside the retention window'), { code: 400 });
  assert.ok(isContinuationTooOld(outside, 'allVersionsAndDeletes'));
  assert.ok(isContinuationTooOld({ statusCode: 400 }, 'allVersionsAndDeletes'));
  assert.ok(isContinuationTooOld({ code: 410, message: 'too old' }, 'allVersionsAndDeletes'));
});

test('other failures are retried as they are; latest-version continuations never expire', () => {
  assert.ok(!isContinuationTooOld({ code: 410, message: 'partition split' }, 'allVersionsAndDeletes'));
  assert.ok(!isContinuationTooOld({ code: 503 }, 'allVersionsAndDeletes'));
  assert.ok(
    !isContinuationTooOld(
      Object.assign(new Error('ECONNREFUSED'), { code: 'ECONNREFUSED' }),
      'allVersionsAndDeletes',
    ),
  );
  assert.ok(!isContinuationTooOld({ code: 400 }, 'latestVersion'));
  assert.ok(!isContinuationTooOld(undefined, 'allVersionsAndDeletes'));
});
