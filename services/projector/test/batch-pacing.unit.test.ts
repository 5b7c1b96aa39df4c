import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { freshIntervalFor, lingerAfter, pollWait, rangePhase } from '../src/projection/batch-pacing.ts';
import { BatchTimes } from '../src/projection/batch-times.ts';

const pacing = {
  minBatchIntervalMs: 250,
  freshBatchIntervalMs: 100,
  freshBatchIntervalMinMs: 100,
  heavyEventsPerSecond: 500,
  fullPageItems: 500,
};
/** 25 events gathered over 100 ms: 250 events/s, steady and light; it ended 30 ms past a grid point. */
const steady = {
  items: 25,
  elapsedMs: 30,
  sincePreviousMs: 100,
  endedAtMs: 1_000_030,
  phase: 0,
  recentBatchMs: 30,
};

describe('batch pacing', () => {
  test('given steady light traffic, when a batch took 30 ms, then the lease waits out the rest of the fresh interval', () => {
    assert.equal(lingerAfter(pacing, steady), 70);
  });

  test('given heavy traffic, when a batch is applied, then the lease waits out the longer interval', () => {
    // 150 events over 250 ms: 600 events/s.
    assert.equal(lingerAfter(pacing, { ...steady, items: 150, sincePreviousMs: 250 }), 220);
  });

  test('given views of one range whose batches ended at different times, when they wait, then they all read again at the same grid point', () => {
    const phase = rangePhase('-3FFFFFFFFFFFFFFF');
    const slot = 1_000_000 + phase * 100; // a grid point of this range
    const next = [slot + 12, slot + 47, slot + 93].map(
      (endedAtMs) => endedAtMs + lingerAfter(pacing, { ...steady, elapsedMs: 10, endedAtMs, phase }),
    );
    assert.deepEqual(
      next.map((at) => Math.round(at - slot)),
      [100, 100, 100],
    );
  });

  test('given two ranges, when their phases are taken, then each is the same every time and they differ', () => {
    const a = rangePhase('');
    const b = rangePhase('3FFFFFFFFFFFFFFF');
    assert.equal(rangePhase(''), a);
    assert.notEqual(a, b);
    for (const p of [a, b]) assert.ok(p >= 0 && p < 1);
  });

  test('given a batch slower than the interval, when it ends, then the next read comes at once', () => {
    assert.equal(lingerAfter(pacing, { ...steady, elapsedMs: 140 }), 0);
  });

  test('given a full page (catching up), when it is applied, then the next read comes at once', () => {
    assert.equal(lingerAfter(pacing, { ...steady, items: 500, sincePreviousMs: 40 }), 0);
  });

  test('given a read that found the range idle, when the views poll again, then they all read at the range next point of the poll grid', () => {
    const phase = rangePhase('3FFFFFFFFFFFFFFF');
    const slot = 2_000_000 + phase * 100;
    const next = [slot + 3, slot + 40, slot + 99].map((nowMs) => nowMs + pollWait(100, { nowMs, phase }));
    assert.deepEqual(
      next.map((at) => Math.round(at - slot)),
      [100, 100, 100],
    );
    // At a grid point itself: the next one, not at once (that read just happened).
    assert.equal(Math.round(pollWait(100, { nowMs: slot, phase })), 100);
  });

  test('given the lease first batch, when it is applied, then it is paced as light traffic', () => {
    assert.equal(lingerAfter(pacing, { ...steady, items: 400, sincePreviousMs: undefined }), 70);
  });

  test('given no pacing (0), when a small batch is applied, then the next read comes at once', () => {
    const none = { ...pacing, minBatchIntervalMs: 0 };
    assert.equal(lingerAfter(none, steady), 0);
    assert.equal(lingerAfter(none, { ...steady, items: 150, sincePreviousMs: 250 }), 0);
  });

  test('given a fresh interval between 100 and 250 ms, when batches are quick or slow, then the lease waits five times their time within those bounds, in steps of 25 ms', () => {
    const adaptive = { ...pacing, freshBatchIntervalMs: 250, freshBatchIntervalMinMs: 100 };
    assert.equal(freshIntervalFor(adaptive, 8), 100);
    assert.equal(freshIntervalFor(adaptive, 27), 150);
    assert.equal(freshIntervalFor(adaptive, 90), 250);
    assert.equal(freshIntervalFor(adaptive, Number.POSITIVE_INFINITY), 250);
    // Ending 30 ms past a grid point of 150 ms: 120 ms to the next.
    const slot = { ...steady, endedAtMs: 1_500_030, recentBatchMs: 27 };
    assert.equal(lingerAfter({ ...adaptive, minBatchIntervalMs: 250 }, slot), 120);
  });

  test('given batch times, when the views read them within a hold, then they all see the same figure', () => {
    let now = 0;
    const times = new BatchTimes({ alpha: 0.5, holdMs: 1_000, now: () => now });
    assert.equal(times.recentMs, Number.POSITIVE_INFINITY);
    times.observe(20);
    now = 999;
    assert.equal(times.recentMs, Number.POSITIVE_INFINITY, 'held until the hold is over');
    now = 1_000;
    assert.equal(times.recentMs, 20);
    times.observe(40);
    assert.equal(times.recentMs, 20);
    now = 2_000;
    assert.equal(times.recentMs, 30);
  });
});
