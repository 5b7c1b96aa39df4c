// A lease's loop reduced to its reads through SharedFeedReads, for unit tests: placed at its start when it
// joins its range, reading as itself from its position and going on from each page's continuation token.
import type { SharedFeedReads, PagePosition } from '../../src/processing/shared-reads.ts';
import type { FakeFeed } from './fake-feed.ts';

/** What a reader got of one page. */
export interface PageSeen {
  readonly lsns: number[];
  readonly token: string | undefined;
  readonly etag: string | undefined;
}

export interface FeedReaderOptions {
  readonly pageSize?: number;
  /** Responses of this many changes fill a page (PagePosition.requestSize). */
  readonly requestSize?: number;
  readonly trim?: (change: unknown) => unknown;
  readonly scope?: string;
}

export interface FeedReader {
  /** Every change's LSN, in the order the reader got them (NaN: a change without one). */
  readonly seen: number[];
  readonly pages: PageSeen[];
  readonly position: string;
  next(): Promise<PageSeen>;
  leave(): void;
}

export function feedReader(
  shared: SharedFeedReads,
  feed: FakeFeed,
  start: string,
  options: FeedReaderOptions = {},
): FeedReader {
  const { pageSize = 100, requestSize, trim, scope = 'feed' } = options;
  let position = start;
  const me = shared.join('range', { scope, position: start });
  const seen: number[] = [];
  const pages: PageSeen[] = [];
  return {
    seen,
    pages,
    get position() {
      return position;
    },
    leave: () => me.leave(),
    async next() {
      const at: PagePosition = { group: 'range', scope, position, pageSize, requestSize };
      const from = position;
      const create = () => feed.iterator(from, requestSize ?? pageSize);
      const page = await shared.read(at, create, trim, { reader: me });
      position = page.continuationToken ?? position;
      const lsns = (page.result as { _lsn?: number }[]).map((change) => change._lsn ?? Number.NaN);
      seen.push(...lsns);
      const got = { lsns, token: page.continuationToken, etag: page.etag };
      pages.push(got);
      return got;
    },
  };
}

/** Reads until the head (an empty page). */
export async function readToHead(reader: FeedReader): Promise<void> {
  while ((await reader.next()).lsns.length > 0);
}

export const tick = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
