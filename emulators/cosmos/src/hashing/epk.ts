// Effective partition key (EPK) for hash v2 partition keys, and the split of the EPK space into physical ranges.
import { murmur3x64_128 } from './murmur3.ts';

/** A partition key component as JSON carries it; `undefined` stands for "no value" (Cosmos `{}` / None). */
export type PartitionKeyValue = string | number | boolean | null | undefined;

export const MIN_EPK = '';
export const MAX_EPK = 'FF';

const encoder = new TextEncoder();

// Type marker bytes that precede each component in the hashed buffer.
const PREFIX_UNDEFINED = 0x00;
const PREFIX_NULL = 0x01;
const PREFIX_FALSE = 0x02;
const PREFIX_TRUE = 0x03;
const PREFIX_NUMBER = 0x05;
const PREFIX_STRING = 0x08;
const STRING_TERMINATOR = 0xff;

function componentBytes(value: PartitionKeyValue): number[] {
  if (typeof value === 'string') return [PREFIX_STRING, ...encoder.encode(value), STRING_TERMINATOR];
  if (typeof value === 'number') {
    const view = new DataView(new ArrayBuffer(8));
    view.setFloat64(0, value, true); // IEEE-754 bits, least significant byte first
    return [PREFIX_NUMBER, ...new Uint8Array(view.buffer)];
  }
  if (value === true) return [PREFIX_TRUE];
  if (value === false) return [PREFIX_FALSE];
  if (value === null) return [PREFIX_NULL];
  return [PREFIX_UNDEFINED];
}

function hex64(v: bigint): string {
  return v.toString(16).padStart(16, '0');
}

/** EPK of a (single or hierarchical-as-one) hash v2 partition key: 32 uppercase hex digits, top two bits clear. */
export function effectivePartitionKey(values: readonly PartitionKeyValue[]): string {
  const bytes = Uint8Array.from(values.flatMap(componentBytes));
  const [h1, h2] = murmur3x64_128(bytes);
  // The service writes the 128-bit hash as h2 then h1, most significant byte first, and masks the top byte.
  const hex = hex64(h2) + hex64(h1);
  const top = (parseInt(hex.slice(0, 2), 16) & 0x3f).toString(16).padStart(2, '0');
  return (top + hex.slice(2)).toUpperCase();
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
