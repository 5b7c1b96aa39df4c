// Change feed pages shared by the processors of one process that read the same container from the same place
// (several consumers of one feed, e.g. one processor per view, each with its own leases and checkpoints).
// Without it each of them reads and decodes every page itself: N requests, N JSON parses, N copies in memory.
//
// A page is identified by where it starts: the continuation token it was read from (or "the beginning of
// range R"), the mode and the page size. Whoever asks first reads it, with an SDK iterator already standing at
// that position when there is one (a new iterator costs a container read), and the others get the same page,
// the same items (handlers must not change them). A page read earlier from the same position is as valid as
// one read now: it holds every change from that position up to its continuation token, and the reader goes on
// from that token. What sharing costs is staleness on a page that is not full (the changes written since the
// first read come in the reader's next page), so such a page is shared only for `staleMs`; a full page (a
// reader catching up) is the same whenever it is read, and stays until every reader of its range took it or
// `maxPages` newer pages pushed it out. Empty pages (nothing new) are never shared: each reader polls itself.
//
// Readers of a range that stand at different positions (a lease handed over from its own checkpoint, behind the
// others) would never meet. Where positions are comparable by LSN, a reader behind cuts the page it read on its
// own where another reader of its range stands, or a kept page starts, and goes on from there (join-cut.ts).
import type { ChangeFeedPullModelIterator } from '@azure/cosmos';
import { lsnOf, type ChangeFeedModeName } from './changes.ts';
import { sdkPositionLsn, type PositionLsn } from './feed-position.ts';
import { cutToJoin, reachesJoin, type JoinPoint } from './join-cut.ts';
import { ReaderLeads, type ReaderState, type SharedReader } from './lead-wait.ts';

export type { SharedReader } from './lead-wait.ts';

/** What a processor uses of a change feed page. */
export interface FeedPage {
  readonly statusCode: number;
  readonly result: unknown[];
  readonly continuationToken: string | undefined;
  readonly etag: string | undefined;
  readonly sessionToken: string | undefined;
}

export interface SharedReadsOptions {
  /** Most pages kept for readers that have not taken them yet. Default 16. */
  maxPages?: number;
  /** How long a page that is not full is handed to other readers. Default 100 ms. */
  staleMs?: number;
  now?: () => number;
  /** Called per page handed to a reader: read from the store, or shared (already read for another). */
  onPage?: (source: 'store' | 'shared') => void;
  /**
   * Longest wait of a reader ahead of others of its range for them to take the pages it took, before it reads
   * a new page from the store (see lead-wait.ts). Default 0: readers never wait for each other.
   */
  maxLeadWaitMs?: number;
  /**
   * The LSN a position stands at, to put two positions of one range in order (undefined: not comparable, the
   * reader is never cut, nor waited for by LSN). Default: the SDK's tokens (feed-position.ts).
   */
  positionLsn?: PositionLsn;
}

/** Where a page starts, and who else reads there. */
export interface PagePosition {
  /** One range of one feed: its readers are the ones a page is kept for. */
  readonly group: string;
  /** What else makes two reads of one position the same: the feed, the mode, the page size. */
  readonly scope: string;
  /** A continuation token, or a start such as the beginning of a range. */
  readonly position: string;
  /** Changes asked for per page: a page this long is full. */
  readonly pageSize: number;
  /**
   * When set, the page is filled from responses of this many changes (see PageFill), and a page holding at
   * least that many is kept like a full one: it had a full response, so its readers are catching up, where a
   * change written since it was read may as well come in their next page.
   */
  readonly requestSize?: number;
  /** How changes carry their LSN (to cut a page where a reader joins others). Default latest version. */
  readonly mode?: ChangeFeedModeName;
}

interface Entry {
  readonly group: string;
  readonly page: Promise<FeedPage>;
  /** When the read ended (undefined while in flight: then it is as fresh as a read of one's own). */
  readAt: number | undefined;
  full: boolean;
  served: number;
  /** Where the next page starts (the page's continuation), once read. */
  next: string | undefined;
}

type Iterator = ChangeFeedPullModelIterator<unknown>;

export class SharedFeedReads {
  readonly #pages = new Map<string, Entry>();
  /** Iterators standing at a position (the continuation of the page they read last), for the next read there. */
  readonly #iterators = new Map<string, Iterator>();
  /** Readers per group (one range of one feed): a page is dropped once that many took it. */
  readonly #readers: ReaderLeads;
  readonly #maxPages: number;
  readonly #staleMs: number;
  readonly #now: () => number;
  readonly #onPage: SharedReadsOptions['onPage'];
  readonly #positionLsn: PositionLsn;
  /** Pages read full (more was waiting) or cut short of where they would end: their readers catch up. */
  readonly #fullPages = new WeakSet<FeedPage>();
  /** Pages read from the store and pages handed out from memory, for tests and metrics. */
  readonly stats = { read: 0, shared: 0 };

  constructor(options: SharedReadsOptions = {}) {
    this.#maxPages = options.maxPages ?? 16;
    this.#staleMs = options.staleMs ?? 100;
    this.#now = options.now ?? Date.now;
    this.#onPage = options.onPage;
    this.#positionLsn = options.positionLsn ?? sdkPositionLsn;
    this.#readers = new ReaderLeads(
      options.maxLeadWaitMs ?? 0,
      this.#maxPages,
      (group) => this.#collect(group),
      this.#positionLsn,
    );
  }

  /** Pages in memory now (read or being read), for tests and metrics. */
  get held(): number {
    return this.#pages.size;
  }

  /**
   * A reader joins `group` (one range of one feed), from `from` when known; it reads with `read(…, { reader })`
   * and leaves when done.
   */
  join(group: string, from?: { scope: string; position: string }): SharedReader {
    return this.#readers.join(group, from);
  }

  /**
   * The page of `at.scope` (feed, mode, page size) that starts at `at.position`, read with `create()`'s iterator
   * when no parked iterator stands there, its changes passed through `trim` (readers sharing pages share it:
   * `at.scope` must tell trims apart). Rejects with the read's error (nothing is kept then). `by.reader` (from
   * `join`) is who reads: its position is known to the others, and it waits for the readers behind it.
   */
  async read(
    at: PagePosition,
    create: () => Iterator,
    trim?: TrimChange,
    by?: { reader: SharedReader; signal?: AbortSignal },
  ): Promise<FeedPage> {
    const { group, scope } = at;
    const key = `${scope}|${at.position}`;
    const reader = by?.reader as ReaderState | undefined;
    if (reader !== undefined) {
      reader.scope = scope;
      reader.position = at.position;
      const kept = this.#pages.has(key);
      this.#readers.arrived(reader, kept);
      if (!kept) {
        await this.#readers.waitForLaggards(reader, scope, at.position, this.#nextOf, by?.signal);
      }
    }
    try {
      const page = await this.#read(key, at, create, trim);
      if (reader !== undefined) {
        if (page.continuationToken !== undefined) reader.position = page.continuationToken;
        reader.catchingUp = this.#fullPages.has(page);
      }
      return page;
    } finally {
      this.#collect(group);
      this.#readers.moved(group);
    }
  }

  async #read(key: string, at: PagePosition, create: () => Iterator, trim?: TrimChange): Promise<FeedPage> {
    const { group, pageSize } = at;
    const entry = this.#pages.get(key);
    if (entry !== undefined && this.#fresh(entry)) {
      entry.served += 1;
      if (entry.served >= this.#readerCount(group)) this.#taken(key, group);
      this.stats.shared += 1;
      this.#onPage?.('shared');
      return entry.page;
    }
    if (entry !== undefined) this.#pages.delete(key);
    const iterator = this.#iterators.get(key) ?? create();
    this.#iterators.delete(key);
    const cut = { joined: false };
    const page = this.#readJoining(at, iterator, trim, cut);
    const mine: Entry = { group, page, readAt: undefined, full: false, served: 1, next: undefined };
    this.#pages.set(key, mine);
    this.stats.read += 1;
    this.#onPage?.('store');
    try {
      const read = await page;
      // A cut page holds every change up to where it was cut, whenever it is read: like a full page, never stale.
      mine.full = cut.joined || read.result.length >= (at.requestSize ?? pageSize);
      if (mine.full) this.#fullPages.add(read);
      mine.readAt = this.#now();
      mine.next = read.continuationToken;
      if (read.statusCode !== 200 || read.result.length === 0 || read.continuationToken === undefined) {
        this.#drop(key, mine);
      } else if (mine.served >= this.#readerCount(group)) {
        this.#drop(key, mine);
        this.#readers.met(group);
      }
      this.#trim();
      return read;
    } catch (error) {
      this.#drop(key, mine);
      throw error;
    }
  }

  /**
   * A page read from the store at `at.position`, cut where it meets another reader of the range when it does
   * (`cut.joined` then). The page kept for this position is the cut one, going on where the cut is: whoever
   * reads from here, now or later, goes on to meet the others too, and takes every change once.
   */
  async #readJoining(
    at: PagePosition,
    iterator: Iterator,
    trim: TrimChange | undefined,
    cut: { joined: boolean },
  ): Promise<FeedPage> {
    const from = this.#positionLsn(at.position);
    const points = (): JoinPoint[] => (from === undefined ? [] : this.#joinPoints(at));
    const enough =
      from === undefined
        ? undefined
        : (token: string | undefined) => reachesJoin(token, from, points(), this.#positionLsn);
    const whole = await readPage(iterator, trim, pageFill(at.requestSize, at.pageSize), enough);
    // Parked where it stands now, the end of all it read (not where the page is cut), for whoever reads from
    // there next (this reader, usually, when nothing was cut).
    if (whole.continuationToken !== undefined) this.#park(`${at.scope}|${whole.continuationToken}`, iterator);
    if (from === undefined) return whole;
    const mode = at.mode ?? 'latestVersion';
    const joined = cutToJoin(whole, from, points(), this.#positionLsn, (change) => lsnOf(change, mode));
    cut.joined = joined !== undefined;
    return joined ?? whole;
  }

  /**
   * Where the others of the range read, in this scope, and at what LSN: their positions and the starts of the
   * pages kept for them (read or being read, fresh). Positions that are not comparable are left out.
   */
  #joinPoints(at: PagePosition): JoinPoint[] {
    const points: JoinPoint[] = [];
    const add = (position: string): void => {
      const lsn = this.#positionLsn(position);
      if (lsn !== undefined) points.push({ position, lsn });
    };
    for (const reader of this.#readers.of(at.group)) {
      if (reader.scope === at.scope && reader.position !== undefined) add(reader.position);
    }
    const prefix = `${at.scope}|`;
    for (const [key, entry] of this.#pages) {
      if (entry.group === at.group && key.startsWith(prefix) && this.#fresh(entry))
        add(key.slice(prefix.length));
    }
    return points;
  }

  /**
   * Drops the pages of `group` that none of its readers will come to: only pages at a reader's position, or on
   * the chain of kept pages that leads on from it, can still be taken. A reader that fell behind and read a
   * page on its own would otherwise keep it for readers already past it, until newer pages pushed it out (up
   * to `maxPages` pages of nobody's, still held after a burst). Only once every reader's position is known.
   */
  #collect(group: string): void {
    const readers = this.#readers.of(group);
    const wanted = new Set<string>();
    for (const reader of readers) {
      if (reader.position === undefined || reader.scope === undefined) return;
      let position: string | undefined = reader.position;
      for (let step = 0; step <= this.#maxPages && position !== undefined; step += 1) {
        const key: string = `${reader.scope}|${position}`;
        const entry = this.#pages.get(key);
        if (entry === undefined) break;
        wanted.add(key);
        position = entry.next;
      }
    }
    for (const [key, entry] of this.#pages) {
      if (entry.group === group && entry.readAt !== undefined && !wanted.has(key)) this.#pages.delete(key);
    }
  }

  #readerCount(group: string): number {
    return Math.max(1, this.#readers.count(group));
  }

  /** Every reader of the range took the page at `key`: nothing keeps it. */
  #taken(key: string, group: string): void {
    this.#pages.delete(key);
    this.#readers.met(group);
  }

  /** The continuation of a page kept at `position` (read, fresh), for the readers' chains of pages. */
  readonly #nextOf = (scope: string, position: string): string | undefined => {
    const entry = this.#pages.get(`${scope}|${position}`);
    return entry !== undefined && entry.readAt !== undefined && this.#fresh(entry) ? entry.next : undefined;
  };

  #fresh(entry: Entry): boolean {
    return entry.full || entry.readAt === undefined || this.#now() - entry.readAt <= this.#staleMs;
  }

  #drop(key: string, entry: Entry): void {
    if (this.#pages.get(key) === entry) this.#pages.delete(key);
  }

  #park(key: string, iterator: Iterator): void {
    this.#iterators.delete(key);
    this.#iterators.set(key, iterator);
    if (this.#iterators.size > this.#maxPages * 4) {
      const oldest = this.#iterators.keys().next().value;
      if (oldest !== undefined) this.#iterators.delete(oldest);
    }
  }

  /** Oldest pages out first, past `maxPages`; pages past `staleMs` that are not full go too. */
  #trim(): void {
    for (const [key, entry] of this.#pages) {
      if (this.#pages.size <= this.#maxPages && this.#fresh(entry)) break;
      this.#pages.delete(key);
    }
  }
}

/** What a handler gets of one change (see ProcessorOptions.trimChange). */
export type TrimChange = (change: unknown) => unknown;

/** One page of an SDK iterator, as the processor uses it (its changes trimmed, when asked). */
export async function readPage(
  iterator: Iterator,
  trim?: TrimChange,
  fill?: PageFill,
  enough?: (continuationToken: string | undefined) => boolean,
): Promise<FeedPage> {
  let page = await iterator.readNext();
  let result = trim === undefined ? page.result : page.result.map(trim);
  // A full response means more is waiting: read on, as one page, up to fill.items. The last response with
  // changes gives the page its continuation; one with none (304: the head) ends it and adds nothing. `enough`
  // ends it sooner: the page reached a position where its reader joins others, and the rest would be cut off.
  let last = page.result.length;
  while (
    fill !== undefined &&
    page.statusCode === 200 &&
    last >= fill.request &&
    result.length < fill.items &&
    enough?.(page.continuationToken) !== true
  ) {
    const next = await iterator.readNext();
    last = next.result.length;
    if (next.statusCode !== 200 || last === 0) break;
    result = result.concat(trim === undefined ? next.result : next.result.map(trim));
    page = next;
  }
  return {
    statusCode: page.statusCode,
    result,
    continuationToken: page.continuationToken,
    etag: page.headers.etag,
    sessionToken: page.sessionToken,
  };
}

/** How a page is filled from several smaller store responses (ProcessorOptions.readItemCount). */
export interface PageFill {
  /** Changes asked per response: a response this long is full, and the next is read at once. */
  readonly request: number;
  /** Changes a page gathers at most (more only when a single response holds more). */
  readonly items: number;
}

/** The fill of pages of `items` read in responses of `request` (none when a response is a whole page). */
export function pageFill(request: number | undefined, items: number): PageFill | undefined {
  return request === undefined || request >= items ? undefined : { request, items };
}
