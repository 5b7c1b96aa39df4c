import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { lingerAfter } from '../src/projection/batch-pacing.ts';

const pacing = { minBatchIntervalMs: 100, maxItemCount: 500 };

describe('batch pacing', () => {
  test('given steady traffic, when a batch took 30 ms, then the lease waits out the rest of the interval', () => {
    assert.equal(lingerAfter(pacing, { items: 40, afterIdle: false, elapsedMs: 30 }), 70);
  });

  test('given a batch slower than the interval, when it ends, then the next read comes at once', () => {
    assert.equal(lingerAfter(pacing, { items: 40, afterIdle: false, elapsedMs: 140 }), 0);
  });

  test('given a full page (catching up), when it is applied, then the next read comes at once', () => {
    assert.equal(lingerAfter(pacing, { items: 500, afterIdle: false, elapsedMs: 5 }), 0);
  });

  test('given the lease was idle before the batch, when it is applied, then nothing is gathering: no wait', () => {
    assert.equal(lingerAfter(pacing, { items: 3, afterIdle: true, elapsedMs: 5 }), 0);
  });

  test('given no pacing, when a small batch is applied, then the next read comes at once', () => {
    const none = { ...pacing, minBatchIntervalMs: 0 };
    assert.equal(lingerAfter(none, { items: 3, afterIdle: false, elapsedMs: 5 }), 0);
  });
});
