// How a lease's loop reads its pages: with an SDK iterator of its own, or through SharedFeedReads when other
// processors of the process read the same feed (see shared-reads.ts). Either way a reader starts at the
// lease's checkpoint and goes on from each page's continuation token; after a failed read the loop drops it
// and starts a new one from the checkpoint.
import {
  ChangeFeedMode,
  type ChangeFeedPullModelIterator,
  type Container,
  type FeedRange,
} from '@azure/cosmos';
import type { FeedRangeBounds } from '../lease/lease-document.ts';
import type { ResolvedOptions } from '../processor/options.ts';
import type { ChangeFeedModeName } from './changes.ts';
import { beginningOf, isBeginning } from './feed-position.ts';
import { startPosition, toSdkFeedRange } from './feed-ranges.ts';
import {
  pageFill,
  readPage,
  type FeedPage,
  type PageFill,
  type SharedFeedReads,
  type TrimChange,
} from './shared-reads.ts';

export interface PageReader {
  readNext(): Promise<FeedPage>;
  /** The loop is done with it (a shared reader stops counting as a reader of its range). */
  close(): void;
}

export interface ReaderInput {
  readonly monitored: Container;
  readonly options: ResolvedOptions;
  readonly feedRange: FeedRangeBounds;
  /** The lease's checkpoint (null: none yet, start from `options.startFrom`). */
  readonly continuation: string | null;
  readonly currentRanges: () => readonly FeedRange[];
  /** The lease's loop stops: a shared reader waiting for the others of its range stops waiting. */
  readonly signal?: AbortSignal;
}

/** A reader from the checkpoint: shared when the options carry `sharedReads` and the start can be named. */
export function pageReader(input: ReaderInput): PageReader {
  const { options, continuation, feedRange } = input;
  const create = (from: string | null): ChangeFeedPullModelIterator<unknown> =>
    input.monitored.items.getChangeFeedIterator<unknown>({
      maxItemCount: options.readItemCount,
      changeFeedMode:
        options.mode === 'allVersionsAndDeletes'
          ? ChangeFeedMode.AllVersionsAndDeletes
          : ChangeFeedMode.LatestVersion,
      changeFeedStartFrom: startPosition(from, options.startFrom, () =>
        toSdkFeedRange(feedRange, input.currentRanges()),
      ),
    });
  const range = `${feedRange.minInclusive}-${feedRange.maxExclusive}`;
  // "now" or a time differs from reader to reader: only a token or the beginning names one position.
  const nameable = (continuation !== null && continuation !== '') || options.startFrom === 'beginning';
  const trim = options.trimChange;
  if (options.sharedReads === undefined || !nameable) {
    return ownReader(create(continuation), trim, pageFill(options.readItemCount, options.maxItemCount));
  }
  return sharedReader(options.sharedReads, {
    group: `${input.monitored.url}|${range}`,
    scope: `${input.monitored.url};${options.mode};${options.maxItemCount}/${options.readItemCount}${trimScope(trim)}`,
    trim,
    start: continuation === null || continuation === '' ? beginningOf(range) : continuation,
    pageSize: options.maxItemCount,
    requestSize: options.readItemCount,
    mode: options.mode,
    signal: input.signal,
    create: (position) => create(isBeginning(position) ? null : position),
  });
}

function ownReader(
  iterator: ChangeFeedPullModelIterator<unknown>,
  trim?: TrimChange,
  fill?: PageFill,
): PageReader {
  return { readNext: () => readPage(iterator, trim, fill), close: () => undefined };
}

// Pages trimmed differently are different pages: each trim function gets a number for the pages' scope.
const trimIds = new WeakMap<TrimChange, number>();
let nextTrimId = 1;

function trimScope(trim: TrimChange | undefined): string {
  if (trim === undefined) return '';
  let id = trimIds.get(trim);
  if (id === undefined) trimIds.set(trim, (id = nextTrimId++));
  return `;trim ${id}`;
}

interface SharedInput {
  group: string;
  scope: string;
  start: string;
  pageSize: number;
  requestSize: number;
  mode: ChangeFeedModeName;
  trim: TrimChange | undefined;
  signal: AbortSignal | undefined;
  create: (position: string) => ChangeFeedPullModelIterator<unknown>;
}

function sharedReader(shared: SharedFeedReads, input: SharedInput): PageReader {
  let position = input.start;
  const reader = shared.join(input.group, { scope: input.scope, position });
  const by = input.signal === undefined ? { reader } : { reader, signal: input.signal };
  return {
    close: () => reader.leave(),
    async readNext() {
      const at = {
        group: input.group,
        scope: input.scope,
        position,
        pageSize: input.pageSize,
        requestSize: input.requestSize,
        mode: input.mode,
      };
      const from = position;
      const page = await shared.read(at, () => input.create(from), input.trim, by);
      if (page.continuationToken !== undefined) position = page.continuationToken;
      return page;
    },
  };
}
