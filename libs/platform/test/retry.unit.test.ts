import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  backoffDelay,
  ConcurrencyError,
  isPermanentFailure,
  isTransient,
  MarqueeError,
  retry,
  statusOf,
} from '../src/index.ts';

const throttled = Object.assign(new Error('throttled'), { code: 429, retryAfterInMs: 1 });
const badRequest = Object.assign(new Error('bad'), { code: 400 });

test('transient errors are retried until the call succeeds', async () => {
  let calls = 0;
  const value = await retry(
    async () => {
      calls++;
      if (calls < 3) throw throttled;
      return 'done';
    },
    { baseMs: 1 },
  );
  assert.equal(value, 'done');
  assert.equal(calls, 3);
});

test('a permanent error is thrown at once', async () => {
  let calls = 0;
  await assert.rejects(
    retry(async () => {
      calls++;
      throw badRequest;
    }),
    /bad/,
  );
  assert.equal(calls, 1);
});

test('an abort ends an unbounded retry', async () => {
  const controller = new AbortController();
  let calls = 0;
  const pending = retry(
    async () => {
      calls++;
      if (calls === 2) controller.abort(new Error('stopping'));
      throw Object.assign(new Error('unavailable'), { code: 503 });
    },
    { retries: Infinity, baseMs: 1, signal: controller.signal },
  );
  await assert.rejects(pending);
  assert.equal(calls, 2);
});

test('a guarded write that kept losing its race is a ConcurrencyError: a 409 conflict, transient, not permanent', () => {
  const err = new ConcurrencyError('doc x: still conflicting', { cause: { code: 412 } });
  assert.ok(err instanceof MarqueeError);
  assert.equal(err.code, 'conflict');
  assert.equal(err.status, 409);
  assert.equal(isTransient(err), true);
  assert.equal(isPermanentFailure(err), false);
});

test('which errors count as transient', () => {
  assert.equal(isTransient(throttled), true);
  assert.equal(isTransient(Object.assign(new Error(), { code: 'ECONNRESET' })), true);
  assert.equal(isTransient(Object.assign(new Error(), { statusCode: 503 })), true);
  assert.equal(isTransient(badRequest), false);
  assert.equal(isTransient(Object.assign(new Error(), { code: 409 })), false);
});

test('backoff grows exponentially within its cap', () => {
  const mid = () => 0.5;
  assert.equal(backoffDelay(0, 100, 10_000, mid), 75);
  assert.equal(backoffDelay(3, 100, 10_000, mid), 600);
  assert.equal(backoffDelay(20, 100, 10_000, mid), 7_500);
});

test('permanent failures: bugs and bad data, refused payloads, our validation errors; the rest is transient', async () => {
  const { isPermanentFailure, validationError } = await import('../src/index.ts');
  assert.ok(isPermanentFailure(new TypeError('x.toLowerCase is not a function')));
  assert.ok(isPermanentFailure(new RangeError('toCents: 1e+308 is too large')));
  assert.ok(isPermanentFailure({ code: 413, message: 'Request size is too large' }));
  assert.ok(isPermanentFailure({ statusCode: 400 }));
  assert.ok(isPermanentFailure(validationError('bad', ['x'])));
  assert.ok(!isPermanentFailure({ code: 503 }));
  assert.ok(!isPermanentFailure({ code: 429 }));
  assert.ok(!isPermanentFailure(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' })));
  assert.ok(!isPermanentFailure(new Error('Connection is closed.')));
});

test('a status wrapped by the SDK (bulk wraps the answer in a plain Error with a cause) is classified by it', () => {
  const wrap = (cause: unknown): Error => new Error('Bulk request errored with: …', { cause });
  assert.equal(isTransient(wrap(Object.assign(new Error('busy'), { code: 503 }))), true);
  assert.equal(isTransient(wrap(Object.assign(new Error('reset'), { code: 'ECONNRESET' }))), true);
  assert.equal(isTransient(wrap(Object.assign(new Error('too large'), { code: 413 }))), false);
  assert.equal(isPermanentFailure(wrap(Object.assign(new Error('too large'), { code: 413 }))), true);
  assert.equal(isPermanentFailure(wrap(Object.assign(new Error('gone'), { code: 404 }))), false);
  assert.equal(statusOf(wrap(wrap(Object.assign(new Error('x'), { statusCode: 401 })))), 401);
});
