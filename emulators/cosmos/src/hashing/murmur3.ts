// MurmurHash3, x64 128-bit variant, written from the public algorithm description. Cosmos hashes partition keys
// with it (hash v2). Every 64-bit lane is a pair of unsigned 32-bit halves (hi, lo) in plain numbers: with
// BigInts every step allocated, and containers keyed by `/id` (events, views, leases) hash a new key on every
// create.

const TWO_32 = 0x1_0000_0000;

/** A 64-bit lane: two unsigned 32-bit halves. Mutated in place by the helpers below. */
interface Lane {
  hi: number;
  lo: number;
}

/** x = x * (bh·2³² + bl) mod 2⁶⁴. */
function mul(x: Lane, bh: number, bl: number): void {
  // The low halves' full 64-bit product from 16-bit pieces (each partial product is exact in a double).
  const a0 = x.lo & 0xffff;
  const a1 = x.lo >>> 16;
  const b0 = bl & 0xffff;
  const b1 = bl >>> 16;
  const mid = a0 * b1 + a1 * b0;
  const low = a0 * b0 + (mid % 0x10000) * 0x10000;
  const high = a1 * b1 + Math.floor(mid / 0x10000) + Math.floor(low / TWO_32);
  // The cross terms only reach the high half; their own high halves fall off the 64 bits.
  x.hi = (high + Math.imul(x.hi, bl) + Math.imul(x.lo, bh)) >>> 0;
  x.lo = low >>> 0;
}

/** x = x + (bh·2³² + bl) mod 2⁶⁴. */
function add(x: Lane, bh: number, bl: number): void {
  const low = x.lo + bl;
  x.hi = (x.hi + bh + (low >= TWO_32 ? 1 : 0)) >>> 0;
  x.lo = low >>> 0;
}

/** x = x rotated left by r bits (0 < r < 64, r ≠ 32). */
function rotl(x: Lane, r: number): void {
  const hi = r > 32 ? x.lo : x.hi;
  const lo = r > 32 ? x.hi : x.lo;
  const s = r % 32;
  x.hi = ((hi << s) | (lo >>> (32 - s))) >>> 0;
  x.lo = ((lo << s) | (hi >>> (32 - s))) >>> 0;
}

/** x ^= x >>> 33 (the shifted value's high half is zero). */
function xorShift33(x: Lane): void {
  x.lo = (x.lo ^ (x.hi >>> 1)) >>> 0;
}

function fmix(k: Lane): void {
  xorShift33(k);
  mul(k, 0xff51afd7, 0xed558ccd);
  xorShift33(k);
  mul(k, 0xc4ceb9fe, 0x1a85ec53);
  xorShift33(k);
}

/** Sets `lane` to the `length` bytes at `offset`, little-endian (missing high bytes are zero). */
function read(lane: Lane, bytes: Uint8Array, offset: number, length: number): Lane {
  lane.hi = 0;
  lane.lo = 0;
  for (let i = length - 1; i >= 0; i--) {
    const byte = bytes[offset + i] ?? 0;
    if (i >= 4) lane.hi = ((lane.hi << 8) | byte) >>> 0;
    else lane.lo = ((lane.lo << 8) | byte) >>> 0;
  }
  return lane;
}

function mixK1(k1: Lane): void {
  mul(k1, 0x87c37b91, 0x114253d5);
  rotl(k1, 31);
  mul(k1, 0x4cf5ad43, 0x2745937f);
}

function mixK2(k2: Lane): void {
  mul(k2, 0x4cf5ad43, 0x2745937f);
  rotl(k2, 33);
  mul(k2, 0x87c37b91, 0x114253d5);
}

/** x ^= k. */
function xor(x: Lane, k: Lane): void {
  x.hi = (x.hi ^ k.hi) >>> 0;
  x.lo = (x.lo ^ k.lo) >>> 0;
}

/** A block's step on one half of the state: h = rotl(h, r) + other, then h = h * 5 + c. */
function stir(h: Lane, r: number, other: Lane, c: number): void {
  rotl(h, r);
  add(h, other.hi, other.lo);
  mul(h, 0, 5);
  add(h, 0, c);
}

/** Scratch lanes for the blocks (the hash is synchronous, so one pair serves every call). */
const k1 = { hi: 0, lo: 0 };
const k2 = { hi: 0, lo: 0 };

/**
 * The two 64-bit halves of MurmurHash3_x64_128 over the first `length` bytes (default: all), each as its 32-bit
 * halves.
 */
export function murmur3Lanes(bytes: Uint8Array, seed = 0, length = bytes.length): { h1: Lane; h2: Lane } {
  const h1 = { hi: 0, lo: seed >>> 0 };
  const h2 = { hi: 0, lo: seed >>> 0 };
  const blocks = length - (length % 16);
  for (let i = 0; i < blocks; i += 16) {
    read(k1, bytes, i, 8);
    read(k2, bytes, i + 8, 8);
    mixK1(k1);
    xor(h1, k1);
    stir(h1, 27, h2, 0x52dce729);
    mixK2(k2);
    xor(h2, k2);
    stir(h2, 31, h1, 0x38495ab5);
  }
  const tail = length - blocks;
  if (tail > 8) {
    read(k2, bytes, blocks + 8, tail - 8);
    mixK2(k2);
    xor(h2, k2);
  }
  if (tail > 0) {
    read(k1, bytes, blocks, Math.min(tail, 8));
    mixK1(k1);
    xor(h1, k1);
  }
  // The length as a 64-bit value (inputs are far below 4 GiB).
  h1.lo = (h1.lo ^ length) >>> 0;
  h2.lo = (h2.lo ^ length) >>> 0;
  add(h1, h2.hi, h2.lo);
  add(h2, h1.hi, h1.lo);
  fmix(h1);
  fmix(h2);
  add(h1, h2.hi, h2.lo);
  add(h2, h1.hi, h1.lo);
  return { h1, h2 };
}

/** Returns the two 64-bit halves [h1, h2] of MurmurHash3_x64_128(bytes, seed). */
export function murmur3x64_128(bytes: Uint8Array, seed = 0): [bigint, bigint] {
  const { h1, h2 } = murmur3Lanes(bytes, seed);
  const big = (x: Lane): bigint => (BigInt(x.hi) << 32n) | BigInt(x.lo);
  return [big(h1), big(h2)];
}
