// One user seed, several independent PRNG streams. Keeping draws in separate streams means that, for one seed,
// the sequence of new orders does not change when the invalid or duplicate ratio or the partition-key strategy
// does: those options only decide what is done with each order, not which orders exist.
import { mulberry32 } from '@marquee/domain';
import type { Rng } from '@marquee/domain';

export const STREAMS = { orders: 1, mix: 2, keys: 3, clicks: 4 } as const;

/** A well-mixed 32-bit seed for `stream` (the murmur3 finaliser over seed and stream number). */
export function subSeed(seed: number, stream: number): number {
  let h = (seed ^ Math.imul(stream, 0x9e3779b9)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

export const streamRng = (seed: number, stream: keyof typeof STREAMS): Rng =>
  mulberry32(subSeed(seed, STREAMS[stream]));

export const MAX_SEED = 0xffffffff;

export function assertSeed(seed: number): void {
  if (!Number.isInteger(seed) || seed < 0 || seed > MAX_SEED) {
    throw new RangeError(`seed must be an integer from 0 to ${MAX_SEED}, got ${seed}`);
  }
}
