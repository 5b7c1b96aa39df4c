// Knowing when a processor has caught up: every lease has, since we started watching, read its feed to the
// head at least once — an empty poll (304), a page shorter than asked for, or a lag estimate of 0 LSNs.
import type { ChangeFeedObserver } from '@marquee/change-feed-processor';

export class CatchUpTracker {
  readonly #maxItemCount: number;
  readonly #atHead = new Set<string>();
  #items = 0;

  constructor(maxItemCount: number) {
    this.#maxItemCount = maxItemCount;
  }

  /** Changes delivered to the handler since the start. */
  get items(): number {
    return this.#items;
  }

  readonly observer: ChangeFeedObserver = {
    idle: (e) => void this.#atHead.add(e.leaseToken),
    batchProcessed: (e) => {
      this.#items += e.items;
      if (e.items < this.#maxItemCount || e.lag.lsn === 0) this.#atHead.add(e.leaseToken);
    },
  };

  /** True once every one of these lease tokens was seen at its head. */
  caughtUp(leaseTokens: readonly string[]): boolean {
    return leaseTokens.length > 0 && leaseTokens.every((token) => this.#atHead.has(token));
  }
}
