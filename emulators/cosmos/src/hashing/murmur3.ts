// MurmurHash3, x64 128-bit variant, written from the public algorithm description. Cosmos hashes partition keys
// with it (hash v2). 64-bit lanes are BigInts: partition key values are short, so clarity beats speed here.

const MASK64 = (1n << 64n) - 1n;
const C1 = 0x87c37b91114253d5n;
const C2 = 0x4cf5ad432745937fn;

function rotl64(x: bigint, r: bigint): bigint {
  return ((x << r) | (x >> (64n - r))) & MASK64;
}

function fmix64(input: bigint): bigint {
  let k = input;
  k ^= k >> 33n;
  k = (k * 0xff51afd7ed558ccdn) & MASK64;
  k ^= k >> 33n;
  k = (k * 0xc4ceb9fe1a85ec53n) & MASK64;
  k ^= k >> 33n;
  return k;
}

function readUint64LE(bytes: Uint8Array, offset: number, length: number): bigint {
  let v = 0n;
  for (let i = length - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[offset + i] ?? 0);
  return v;
}

/** Returns the two 64-bit halves [h1, h2] of MurmurHash3_x64_128(bytes, seed). */
export function murmur3x64_128(bytes: Uint8Array, seed = 0): [bigint, bigint] {
  let h1 = BigInt(seed) & MASK64;
  let h2 = h1;
  const blocks = bytes.length - (bytes.length % 16);
  for (let i = 0; i < blocks; i += 16) {
    let k1 = readUint64LE(bytes, i, 8);
    let k2 = readUint64LE(bytes, i + 8, 8);
    k1 = (k1 * C1) & MASK64;
    k1 = rotl64(k1, 31n);
    k1 = (k1 * C2) & MASK64;
    h1 ^= k1;
    h1 = rotl64(h1, 27n);
    h1 = (h1 + h2) & MASK64;
    h1 = (h1 * 5n + 0x52dce729n) & MASK64;
    k2 = (k2 * C2) & MASK64;
    k2 = rotl64(k2, 33n);
    k2 = (k2 * C1) & MASK64;
    h2 ^= k2;
    h2 = rotl64(h2, 31n);
    h2 = (h2 + h1) & MASK64;
    h2 = (h2 * 5n + 0x38495ab5n) & MASK64;
  }
  const tail = bytes.length - blocks;
  if (tail > 0) {
    if (tail > 8) {
      let k2 = readUint64LE(bytes, blocks + 8, tail - 8);
      k2 = (k2 * C2) & MASK64;
      k2 = rotl64(k2, 33n);
      k2 = (k2 * C1) & MASK64;
      h2 ^= k2;
    }
    let k1 = readUint64LE(bytes, blocks, Math.min(tail, 8));
    k1 = (k1 * C1) & MASK64;
    k1 = rotl64(k1, 31n);
    k1 = (k1 * C2) & MASK64;
    h1 ^= k1;
  }
  const len = BigInt(bytes.length);
  h1 ^= len;
  h2 ^= len;
  h1 = (h1 + h2) & MASK64;
  h2 = (h2 + h1) & MASK64;
  h1 = fmix64(h1);
  h2 = fmix64(h2);
  h1 = (h1 + h2) & MASK64;
  h2 = (h2 + h1) & MASK64;
  return [h1, h2];
}
