// Lease fixtures for the pure unit tests.
import { newLease, type FeedRangeBounds, type LeaseDocument } from '../../src/lease/lease-document.ts';

export const FOUR_RANGES: FeedRangeBounds[] = [
  { minInclusive: '', maxExclusive: '3F' },
  { minInclusive: '3F', maxExclusive: '7F' },
  { minInclusive: '7F', maxExclusive: 'BF' },
  { minInclusive: 'BF', maxExclusive: 'FF' },
];

export function ranges(count: number): FeedRangeBounds[] {
  const bounds = Array.from({ length: count + 1 }, (_, i) =>
    i === 0
      ? ''
      : i === count
        ? 'FF'
        : Math.floor((i * 255) / count)
            .toString(16)
            .toUpperCase()
            .padStart(2, '0'),
  );
  return bounds.slice(0, -1).map((min, i) => ({ minInclusive: min, maxExclusive: bounds[i + 1] ?? 'FF' }));
}

export function lease(
  range: FeedRangeBounds,
  fields: Partial<Pick<LeaseDocument, 'owner' | 'timestamp' | 'handoverTo' | 'continuation'>> = {},
): LeaseDocument {
  return { ...newLease('p', range, null, 0), ...fields, _etag: `"${range.minInclusive}"` };
}

/** Leases over `count` ranges owned as listed (null = free), all renewed at `timestamp`. */
export function owned(owners: ReadonlyArray<string | null>, timestamp: number): LeaseDocument[] {
  return ranges(owners.length).map((r, i) => lease(r, { owner: owners[i] ?? null, timestamp }));
}
