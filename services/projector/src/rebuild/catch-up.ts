// Knowing when a rebuild's processor has read the event store to its head. The head is captured per feed range
// (store-head.ts) BEFORE the processor starts; a lease has caught up once it has either
//  - delivered a change at or past its range's head (the feed is in LSN order within a range, so everything
//    stored before the capture has been delivered), or
//  - found nothing more to read (an empty poll: every read of it began after the capture).
// Heuristics such as "a page shorter than asked for" or a lag estimate of 0 are not used: a page can be short
// for other reasons (page size limits, several physical ranges under one lease) and a lag estimate can be
// stale, and switching generations on one of them would serve a view that has not read the whole store.
import type { ChangeFeedObserver, FeedRangeBounds } from '@marquee/change-feed-processor';
import { headOf, type RangeHead } from './store-head.ts';

export class CatchUpTracker {
  readonly heads: readonly RangeHead[];
  readonly #atHead = new Set<string>();
  #items = 0;

  constructor(heads: readonly RangeHead[]) {
    this.heads = heads;
  }

  /** Changes delivered to the handler since the start. */
  get items(): number {
    return this.#items;
  }

  readonly observer: ChangeFeedObserver = {
    idle: (e) => void this.#atHead.add(e.leaseToken),
    batchProcessed: (e) => {
      this.#items += e.items;
      const head = headOf(this.heads, e.feedRange);
      if (head !== undefined && e.lsn.maxLsn >= head) this.#atHead.add(e.leaseToken);
    },
  };

  /** True once every one of these ranges (the current layout, as lease tokens name them) reached its head. */
  caughtUp(ranges: readonly FeedRangeBounds[]): boolean {
    return ranges.length > 0 && ranges.every((r) => this.#atHead.has(`${r.minInclusive}-${r.maxExclusive}`));
  }
}
