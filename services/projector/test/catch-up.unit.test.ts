// When a rebuild may switch generations: only once every range has been read to the head the store had when
// the rebuild started.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CatchUpTracker, feedEtagLsn, headOf } from '../src/rebuild/index.ts';

describe('CatchUpTracker', () => {
  // Two ranges, as getFeedRanges names them; heads noted before the rebuild's processor started.
  const low = { minInclusive: '', maxExclusive: '80' };
  const high = { minInclusive: '80', maxExclusive: 'FF' };
  const heads = [
    { ...low, lsn: 500 },
    { ...high, lsn: 700 },
  ];
  const event = (range: typeof low, items: number, maxLsn: number, lagLsn?: number) => ({
    processorName: 'p',
    instanceName: 'i',
    leaseToken: `${range.minInclusive}-${range.maxExclusive}`,
    feedRange: range,
    items,
    lsn: { minLsn: 1, maxLsn },
    handlerMs: 1,
    attempts: 1,
    lag: { lsn: lagLsn, ms: undefined },
  });

  test('a short page or a lag estimate of 0 before the head is not caught up (the bug behind a partial switch)', () => {
    const tracker = new CatchUpTracker(heads);
    tracker.observer.batchProcessed?.(event(low, 40, 300, 0));
    tracker.observer.batchProcessed?.(event(high, 7, 699, 0));
    assert.equal(tracker.caughtUp([low, high]), false);
    assert.equal(tracker.items, 47);
  });

  test('caught up once every range delivered a change at or past its head, or found nothing more to read', () => {
    const tracker = new CatchUpTracker(heads);
    tracker.observer.batchProcessed?.(event(low, 500, 500));
    assert.equal(tracker.caughtUp([low, high]), false, 'high has not been read yet');
    tracker.observer.idle?.({ ...event(high, 0, 0), lag: { lsn: 0, ms: 0 } });
    assert.equal(tracker.caughtUp([low, high]), true);
    assert.equal(tracker.caughtUp([]), false, 'no ranges known yet is not caught up');
  });

  test('a child range after a split must reach the head of the range it came from', () => {
    const child = { minInclusive: '80', maxExclusive: 'C0' };
    assert.equal(headOf(heads, child), 700);
    assert.equal(
      headOf(heads, { minInclusive: '40', maxExclusive: 'C0' }),
      700,
      'wider: the highest of both',
    );
    const tracker = new CatchUpTracker(heads);
    tracker.observer.batchProcessed?.(event(child, 10, 650));
    assert.equal(tracker.caughtUp([child]), false);
    tracker.observer.batchProcessed?.(event(child, 10, 701));
    assert.equal(tracker.caughtUp([child]), true);
  });

  test('the position of a change feed ETag', () => {
    assert.equal(feedEtagLsn('"1234"'), 1234);
    assert.equal(feedEtagLsn('"x"'), undefined);
    assert.equal(feedEtagLsn(undefined), undefined);
  });
});
