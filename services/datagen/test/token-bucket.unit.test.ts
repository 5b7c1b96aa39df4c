import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mulberry32 } from '@marquee/domain';
import { TokenBucket } from '../src/send/token-bucket.ts';

test('tokens accrue at the rate from the start, none up front', () => {
  const bucket = new TokenBucket({ ratePerSecond: 50, capacity: 100, nowMs: 1_000 });
  assert.equal(bucket.take(100, 1_000), 0);
  assert.equal(bucket.take(100, 1_100), 5);
  assert.equal(bucket.take(100, 1_110), 0, 'half a token is not a token');
  assert.equal(bucket.take(100, 1_120), 1);
  assert.equal(bucket.take(3, 2_000), 3, 'never more than asked');
});

test('the rate holds over time whatever the polling pattern: no drift from late wake-ups', () => {
  const rng = mulberry32(5);
  const rate = 733;
  const bucket = new TokenBucket({ ratePerSecond: rate, capacity: rate, nowMs: 0 });
  let now = 0;
  let taken = 0;
  while (now < 60_000) {
    // Irregular, often late polls (1–40 ms apart) taking at most 100 at a time, as the sender does.
    now += 1 + Math.floor(rng() * 40);
    taken += bucket.take(100, now);
  }
  const expected = (rate * now) / 1000;
  assert.ok(Math.abs(taken - expected) <= 1, `took ${taken}, expected ${expected}`);
});

test('a stall is caught up to the capacity, not beyond', () => {
  const bucket = new TokenBucket({ ratePerSecond: 100, capacity: 150, nowMs: 0 });
  assert.equal(bucket.take(1_000, 10_000), 150);
  assert.equal(bucket.take(1_000, 10_000), 0);
  assert.equal(bucket.available(10_500), 50);
});

test('msUntil says how long until n tokens, capped by capacity', () => {
  const bucket = new TokenBucket({ ratePerSecond: 40, capacity: 100, nowMs: 0 });
  assert.equal(bucket.msUntil(1, 0), 25);
  assert.equal(bucket.msUntil(10, 0), 250);
  assert.equal(bucket.msUntil(10, 250), 0);
  assert.equal(bucket.msUntil(1_000, 250), 2_250, 'asking for more than fits waits for a full bucket');
  bucket.take(10, 250);
  assert.equal(bucket.msUntil(2, 260), 40);
});

test('a clock that steps back adds nothing', () => {
  const bucket = new TokenBucket({ ratePerSecond: 1_000, capacity: 1_000, nowMs: 100 });
  assert.equal(bucket.take(1_000, 50), 0);
  assert.equal(bucket.take(1_000, 110), 10);
});

test('nonsense rates and capacities are refused', () => {
  assert.throws(() => new TokenBucket({ ratePerSecond: 0, capacity: 1, nowMs: 0 }), RangeError);
  assert.throws(() => new TokenBucket({ ratePerSecond: Infinity, capacity: 1, nowMs: 0 }), RangeError);
  assert.throws(() => new TokenBucket({ ratePerSecond: 1, capacity: 0.5, nowMs: 0 }), RangeError);
});
