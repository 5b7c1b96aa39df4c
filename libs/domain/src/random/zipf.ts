// Zipf-distributed ranks for skewed popularity: rank k (0-based) is drawn with probability proportional to
// 1 / (k + 1)^exponent, so a few movies sell a lot and the long tail sells little, like real storefronts.
import type { Rng } from './prng.ts';

/** The probability of each rank 0..n-1 (sums to 1). */
export function zipfProbabilities(n: number, exponent: number): number[] {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`zipf needs an integer n >= 1, got ${n}`);
  if (!Number.isFinite(exponent) || exponent < 0) {
    throw new RangeError(`zipf needs a finite exponent >= 0, got ${exponent}`);
  }
  const weights = Array.from({ length: n }, (_, k) => 1 / Math.pow(k + 1, exponent));
  const total = weights.reduce((sum, w) => sum + w, 0);
  return weights.map((w) => w / total);
}

/**
 * A sampler returning ranks in [0, n): 0 is the most popular. The cumulative table is built once, so each
 * draw is one PRNG call plus a binary search.
 */
export function zipfSampler(n: number, exponent: number, rng: Rng): () => number {
  const cumulative: number[] = [];
  let running = 0;
  for (const p of zipfProbabilities(n, exponent)) {
    running += p;
    cumulative.push(running);
  }
  return () => {
    const u = rng();
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (u < (cumulative[mid] as number)) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
}
