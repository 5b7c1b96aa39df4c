import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mulberry32, pick, randomInt, shuffle, zipfProbabilities, zipfSampler } from '../src/index.ts';

const draws = (seed: number, n: number): number[] => {
  const rng = mulberry32(seed);
  return Array.from({ length: n }, () => rng());
};

test('mulberry32: the same seed gives the same sequence, another seed another one', () => {
  assert.deepEqual(draws(42, 100), draws(42, 100));
  assert.notDeepEqual(draws(42, 100), draws(43, 100));
});

test('mulberry32: draws are in [0, 1) and roughly uniform', () => {
  const values = draws(7, 20_000);
  assert.ok(values.every((v) => v >= 0 && v < 1));
  const buckets = new Array<number>(10).fill(0);
  for (const v of values) buckets[Math.floor(v * 10)]!++;
  for (const count of buckets) assert.ok(count > 1800 && count < 2200, `bucket count ${count}`);
});

test('randomInt covers its inclusive range; shuffle permutes a copy; pick picks', () => {
  const rng = mulberry32(1);
  const seen = new Set(Array.from({ length: 500 }, () => randomInt(rng, 4, 14)));
  assert.deepEqual(
    [...seen].sort((a, b) => a - b),
    [4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14],
  );
  const input = [1, 2, 3, 4, 5, 6, 7, 8];
  const shuffled = shuffle(rng, input);
  assert.deepEqual(input, [1, 2, 3, 4, 5, 6, 7, 8]);
  assert.deepEqual([...shuffled].sort(), input);
  assert.notDeepEqual(shuffled, input);
  assert.ok(input.includes(pick(rng, input)));
  assert.throws(() => pick(rng, []), RangeError);
  assert.throws(() => randomInt(rng, 5, 4), RangeError);
});

test('zipf probabilities fall off as 1/k^s and sum to 1', () => {
  const p = zipfProbabilities(500, 1);
  assert.ok(Math.abs(p.reduce((a, b) => a + b, 0) - 1) < 1e-9);
  assert.ok(Math.abs(p[0]! / p[1]! - 2) < 1e-9);
  assert.ok(Math.abs(p[0]! / p[9]! - 10) < 1e-9);
  assert.deepEqual(zipfProbabilities(3, 0), [1 / 3, 1 / 3, 1 / 3]);
});

test('zipf sampler is deterministic and skewed: the head sells far more than the tail', () => {
  const sample = (seed: number) => {
    const next = zipfSampler(500, 1.1, mulberry32(seed));
    return Array.from({ length: 50_000 }, () => next());
  };
  const ranks = sample(2026);
  assert.deepEqual(ranks.slice(0, 50), sample(2026).slice(0, 50));
  assert.ok(ranks.every((r) => Number.isInteger(r) && r >= 0 && r < 500));
  const counts = new Array<number>(500).fill(0);
  for (const r of ranks) counts[r]!++;
  const expectedTop = zipfProbabilities(500, 1.1)[0]! * ranks.length;
  assert.ok(
    Math.abs(counts[0]! - expectedTop) < expectedTop * 0.05,
    `rank 0: ${counts[0]} vs ${expectedTop}`,
  );
  assert.ok(counts[0]! > counts[1]! && counts[1]! > counts[9]!);
  const top10 = counts.slice(0, 50).reduce((a, b) => a + b, 0);
  const bottom50 = counts.slice(250).reduce((a, b) => a + b, 0);
  assert.ok(top10 > 2 * bottom50, `top 10% ${top10} vs bottom half ${bottom50}`);
});
