import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FeedRange } from '@azure/cosmos';
import { toSdkFeedRange } from '../src/processing/feed-ranges.ts';
import {
  childContinuation,
  childLeases,
  childRangesOf,
  missingRanges,
  parseContinuation,
} from '../src/lease/splitting.ts';
import { FOUR_RANGES, lease } from './support/leases.ts';

const parentRange = { minInclusive: '', maxExclusive: '7F' };
const token = (entries: Array<[string, string, string]>) =>
  JSON.stringify({
    rid: 'coll1',
    Continuation: entries.map(([min, max, etag]) => ({
      minInclusive: min,
      maxExclusive: max,
      continuationToken: etag,
    })),
  });

test('a lease matching the layout needs no split', () => {
  assert.deepEqual(childRangesOf(lease(FOUR_RANGES[0]!), FOUR_RANGES), []);
});

test('getFeedRanges showing two ranges inside a lease means split into them', () => {
  const parent = lease(parentRange, { continuation: token([['', '7F', '"42"']]) });
  const children = childRangesOf(parent, FOUR_RANGES);
  assert.deepEqual(children, [FOUR_RANGES[0], FOUR_RANGES[1]]);
  const leases = childLeases(parent, children, 5);
  assert.deepEqual(
    leases.map((l) => [l.leaseToken, l.owner, parseContinuation(l.continuation)?.Continuation]),
    [
      ['-3F', null, [{ minInclusive: '', maxExclusive: '3F', continuationToken: '"42"' }]],
      ['3F-7F', null, [{ minInclusive: '3F', maxExclusive: '7F', continuationToken: '"42"' }]],
    ],
  );
  assert.equal(parseContinuation(leases[0]!.continuation)?.rid, 'coll1');
});

test('a continuation the SDK already split (410/1002) is the split signal when ranges are stale', () => {
  const parent = lease(parentRange, {
    continuation: token([
      ['3F', '7F', '"40"'],
      ['', '3F', '"45"'],
    ]),
  });
  const children = childRangesOf(parent, [parentRange]);
  assert.deepEqual(children, [FOUR_RANGES[0], FOUR_RANGES[1]]);
  const [left, right] = childLeases(parent, children, 0);
  assert.equal(parseContinuation(left!.continuation)?.Continuation[0]?.continuationToken, '"45"');
  assert.equal(parseContinuation(right!.continuation)?.Continuation[0]?.continuationToken, '"40"');
});

test('a lease without a checkpoint splits into children without one', () => {
  assert.equal(childContinuation(null, FOUR_RANGES[0]!), null);
  assert.equal(childContinuation('not json', FOUR_RANGES[0]!), null);
});

test('a merge (lease finer than the physical range) keeps the lease', () => {
  const merged = [{ minInclusive: '', maxExclusive: 'FF' }];
  assert.deepEqual(childRangesOf(lease(FOUR_RANGES[2]!), merged), []);
  assert.deepEqual(missingRanges([lease(FOUR_RANGES[2]!)], merged), []);
});

test('ranges no lease overlaps get new leases; a split parent blocks fresh child leases', () => {
  assert.deepEqual(missingRanges([], FOUR_RANGES), FOUR_RANGES);
  assert.deepEqual(missingRanges([lease(parentRange)], FOUR_RANGES), [FOUR_RANGES[2], FOUR_RANGES[3]]);
});

test('a lease finer than the physical layout gets an SDK feed range of the same class', () => {
  class SdkRange {
    readonly minInclusive: string;
    readonly maxExclusive: string;
    constructor(min: string, max: string) {
      this.minInclusive = min;
      this.maxExclusive = max;
    }
  }
  const physical = [new SdkRange('', 'FF')] as unknown as FeedRange[];
  assert.equal(toSdkFeedRange({ minInclusive: '', maxExclusive: 'FF' }, physical), physical[0]);
  const finer = toSdkFeedRange(FOUR_RANGES[1]!, physical);
  assert.ok(finer instanceof SdkRange);
  assert.deepEqual({ ...finer }, FOUR_RANGES[1]);
  assert.throws(() => toSdkFeedRange(FOUR_RANGES[1]!, []), /no feed ranges/);
});
