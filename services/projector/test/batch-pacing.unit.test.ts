import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { lingerAfter } from '../src/projection/batch-pacing.ts';

const pacing = {
  minBatchIntervalMs: 250,
  freshBatchIntervalMs: 100,
  heavyEventsPerSecond: 500,
  maxItemCount: 500,
};
/** 25 events gathered over 100 ms: 250 events/s, steady and light. */
const steady = { items: 25, afterIdle: false, elapsedMs: 30, sincePreviousMs: 100 };

describe('batch pacing', () => {
  test('given steady light traffic, when a batch took 30 ms, then the lease waits out the rest of the fresh interval', () => {
    assert.equal(lingerAfter(pacing, steady), 70);
  });

  test('given heavy traffic, when a batch is applied, then the lease waits out the longer interval', () => {
    // 150 events over 250 ms: 600 events/s.
    assert.equal(lingerAfter(pacing, { ...steady, items: 150, sincePreviousMs: 250 }), 220);
  });

  test('given a batch slower than the interval, when it ends, then the next read comes at once', () => {
    assert.equal(lingerAfter(pacing, { ...steady, elapsedMs: 140 }), 0);
  });

  test('given a full page (catching up), when it is applied, then the next read comes at once', () => {
    assert.equal(lingerAfter(pacing, { ...steady, items: 500, sincePreviousMs: 40 }), 0);
  });

  test('given the lease was idle before the batch, when it is applied, then nothing is gathering: no wait', () => {
    assert.equal(lingerAfter(pacing, { ...steady, items: 3, afterIdle: true, sincePreviousMs: 5_000 }), 0);
  });

  test('given the lease first batch, when it is applied, then it is paced as light traffic', () => {
    assert.equal(lingerAfter(pacing, { ...steady, items: 400, sincePreviousMs: undefined }), 70);
  });

  test('given no pacing (0), when a small batch is applied, then the next read comes at once', () => {
    const none = { ...pacing, minBatchIntervalMs: 0 };
    assert.equal(lingerAfter(none, steady), 0);
    assert.equal(lingerAfter(none, { ...steady, items: 150, sincePreviousMs: 250 }), 0);
  });
});
