// A change feed in memory for SharedFeedReads' unit tests: changes `_lsn` 1..n (more on demand), read through
// iterators that stand at a position and go on from the last change they returned, as the SDK's do.
import type { ChangeFeedPullModelIterator } from '@azure/cosmos';
import { sdkPositionLsn, type PositionLsn } from '../../src/processing/feed-position.ts';

/** How the feed names a position (after the change at `lsn`), and reads one back. */
export interface TokenFormat {
  readonly name: (lsn: number) => string;
  readonly lsnOf: PositionLsn;
}

/** Short tokens `t<lsn>` (`t0`: the beginning). */
export const shortTokens: TokenFormat = {
  name: (lsn) => `t${lsn}`,
  lsnOf: (token) => (/^t\d+$/.test(token) ? Number(token.slice(1)) : undefined),
};

/** The SDK's composite tokens, one range whose etag is the LSN (`beginning:<range>` reads from the start). */
export const sdkTokens: TokenFormat = {
  name: (lsn) =>
    JSON.stringify({
      rid: 'fake',
      Continuation: [{ minInclusive: '', maxExclusive: 'FF', continuationToken: `"${lsn}"` }],
    }),
  lsnOf: sdkPositionLsn,
};

export class FakeFeed {
  items: { _lsn: number }[] = [];
  /** Responses read, over all iterators. */
  reads = 0;
  /** Iterators made (each costs the SDK a container read). */
  created = 0;
  fail = false;
  /** Reads after this many fail too. */
  failAfter = Infinity;
  readonly tokens: TokenFormat;

  constructor(n: number, tokens: TokenFormat = shortTokens) {
    this.tokens = tokens;
    this.add(n);
  }

  add(n: number): void {
    const from = this.items.length;
    for (let i = 1; i <= n; i += 1) this.items.push({ _lsn: from + i });
  }

  iterator(from: string, pageSize: number): ChangeFeedPullModelIterator<unknown> {
    this.created += 1;
    let lsn = this.tokens.lsnOf(from) ?? Number.NaN;
    if (Number.isNaN(lsn)) throw new Error(`the fake feed cannot start at ${from}`);
    const readNext = async (): Promise<unknown> => {
      await Promise.resolve();
      this.reads += 1;
      if (this.fail || this.reads > this.failAfter) throw new Error('feed down');
      const result = this.items.filter((i) => i._lsn > lsn).slice(0, pageSize);
      lsn = result.at(-1)?._lsn ?? lsn;
      return {
        statusCode: result.length > 0 ? 200 : 304,
        result,
        continuationToken: this.tokens.name(lsn),
        headers: { etag: `"${lsn}"` },
      };
    };
    return { readNext } as unknown as ChangeFeedPullModelIterator<unknown>;
  }
}

/** LSNs first..last. */
export function lsnRange(first: number, last: number): number[] {
  return Array.from({ length: Math.max(0, last - first + 1) }, (_, i) => first + i);
}
