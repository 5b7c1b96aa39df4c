// Effective partition key (EPK) for hash v2 partition keys, and the split of the EPK space into physical ranges.
import { murmur3Lanes } from './murmur3.ts';

/** A partition key component as JSON carries it; `undefined` stands for "no value" (Cosmos `{}` / None). */
export type PartitionKeyValue = string | number | boolean | null | undefined;

export const MIN_EPK = '';
export const MAX_EPK = 'FF';

/** Where a single string key is laid out for hashing (most keys: one string, well under this size). */
const scratch = Buffer.alloc(1024);

// Type marker bytes that precede each component in the hashed buffer.
const PREFIX_UNDEFINED = 0x00;
const PREFIX_NULL = 0x01;
const PREFIX_FALSE = 0x02;
const PREFIX_TRUE = 0x03;
const PREFIX_NUMBER = 0x05;
const PREFIX_STRING = 0x08;
const STRING_TERMINATOR = 0xff;

/** The hashed bytes of one component: its type marker, then its value (UTF-8 and a terminator for strings). */
function componentBytes(value: PartitionKeyValue): Uint8Array {
  if (typeof value === 'string') {
    const bytes = Buffer.allocUnsafe(Buffer.byteLength(value) + 2);
    bytes[0] = PREFIX_STRING;
    bytes[bytes.write(value, 1) + 1] = STRING_TERMINATOR;
    return bytes;
  }
  if (typeof value === 'number') {
    const bytes = new Uint8Array(9);
    bytes[0] = PREFIX_NUMBER;
    new DataView(bytes.buffer).setFloat64(1, value, true); // IEEE-754 bits, least significant byte first
    return bytes;
  }
  if (value === true) return Uint8Array.of(PREFIX_TRUE);
  if (value === false) return Uint8Array.of(PREFIX_FALSE);
  if (value === null) return Uint8Array.of(PREFIX_NULL);
  return Uint8Array.of(PREFIX_UNDEFINED);
}

/** Uppercase hex of every byte: Number#toString(16) was the slowest step of hashing a key. */
const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0').toUpperCase());

function hex32(v: number): string {
  return (
    (HEX[v >>> 24] as string) +
    (HEX[(v >>> 16) & 0xff] as string) +
    (HEX[(v >>> 8) & 0xff] as string) +
    (HEX[v & 0xff] as string)
  );
}

/** EPK of a (single or hierarchical-as-one) hash v2 partition key: 32 uppercase hex digits, top two bits clear. */
export function effectivePartitionKey(values: readonly PartitionKeyValue[]): string {
  const [only] = values;
  let lanes;
  if (values.length === 1 && typeof only === 'string' && only.length * 3 + 2 <= scratch.length) {
    // The common case without allocating: marker, UTF-8 (at most 3 bytes per UTF-16 unit), terminator.
    scratch[0] = PREFIX_STRING;
    const end = scratch.write(only, 1) + 1;
    scratch[end] = STRING_TERMINATOR;
    lanes = murmur3Lanes(scratch, 0, end + 1);
  } else {
    lanes = murmur3Lanes(Buffer.concat(values.map(componentBytes)));
  }
  const { h1, h2 } = lanes;
  // The service writes the 128-bit hash as h2 then h1, most significant byte first, and masks the top two bits.
  return hex32((h2.hi & 0x3fffffff) >>> 0) + hex32(h2.lo) + hex32(h1.hi) + hex32(h1.lo);
}

export interface EpkRange {
  id: string;
  minInclusive: string;
  maxExclusive: string;
}

/** Splits the hash v2 EPK space [0, 2^126) into `count` equal physical ranges, first from "" and last to "FF". */
export function splitEpkSpace(count: number): EpkRange[] {
  if (!Number.isInteger(count) || count < 1)
    throw new RangeError(`partition count must be a positive integer`);
  const space = 1n << 126n;
  const bounds = [MIN_EPK];
  for (let i = 1; i < count; i++) {
    bounds.push(((space * BigInt(i)) / BigInt(count)).toString(16).padStart(32, '0').toUpperCase());
  }
  bounds.push(MAX_EPK);
  return bounds
    .slice(0, -1)
    .map((min, i) => ({ id: String(i), minInclusive: min, maxExclusive: bounds[i + 1] ?? MAX_EPK }));
}

/** Index of the range holding `epk` (ranges sorted and contiguous). */
export function rangeIndexOf(ranges: readonly EpkRange[], epk: string): number {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((ranges[mid]?.minInclusive ?? '') <= epk) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export function epkInRange(epk: string, min: string, max: string): boolean {
  return epk >= min && epk < max;
}
