// Measures freshness per event: when did each order's effect show in every view? The probe follows the events
// container's change feed itself (per physical range) to learn each stored event's lease token and LSN, and
// follows the views container's change feed to see each view doc's `appliedLsn` as it is written. An event is
// visible once every view doc it lands in has applied its range up to its LSN.
// Following the views' feed, rather than polling the docs, costs the store one read per range and round however
// many docs the orders touch, so the probe loads the emulator it measures far less (polling ~100 docs every
// round did), and sees a write within a round (ROUND_MS) of it landing.
import { ChangeFeedStartFrom, type ChangeFeedPullModelIterator, type Container } from '@azure/cosmos';
import {
  CATEGORIES_DOC_ID,
  dayDocId,
  dayKeyOf,
  funnelHourDocId,
  funnelMoviesDocId,
  hourDocId,
  hourKeyOf,
  movieBucketOf,
  movieSalesDocId,
  parseStoredViewId,
  storedViewId,
} from '@marquee/domain';

interface ProbeItem {
  id: string;
  _lsn: number;
  occurredAt: string;
  data?: { Details?: { ProductId?: number }[] };
}

interface ViewItem {
  id: string;
  appliedLsn?: Record<string, number>;
}

interface Pending {
  lsn: number;
  /** Stored ids of the view docs that have not applied the event yet. */
  waiting: Set<string>;
}

/** Each feed is read once per round: an event or a view write is seen at most this late (plus the read). */
const ROUND_MS = 20;
const PAGE = 1_000;

export class FreshnessProbe {
  readonly #events: Container;
  readonly #views: Container;
  readonly #pending = new Map<string, Pending>();
  /** Event ids waiting on each stored view doc id. */
  readonly #waitingOn = new Map<string, Set<string>>();
  /** Stored view doc id → the LSN of its own writer's range it has applied. */
  readonly #applied = new Map<string, number>();
  readonly #visibleAt = new Map<string, number>();
  /** When the probe's own feed read first returned the event: "stored", as close as we can tell. */
  readonly #storedAt = new Map<string, number>();
  #running = false;
  #loops: Promise<void>[] = [];

  constructor(events: Container, views: Container) {
    this.#events = events;
    this.#views = views;
  }

  /** Starts following both feeds from now. */
  async start(): Promise<void> {
    this.#running = true;
    const [events, views] = await Promise.all([
      this.#iteratorsFromNow<ProbeItem>(this.#events),
      this.#iteratorsFromNow<ViewItem>(this.#views),
    ]);
    this.#loops = [
      ...events.map(({ token, iterator }) =>
        this.#follow(iterator, (items, now) => this.#stored(token, items, now)),
      ),
      ...views.map(({ iterator }) => this.#follow(iterator, (items, now) => this.#written(items, now))),
    ];
  }

  async stop(): Promise<void> {
    this.#running = false;
    await Promise.all(this.#loops);
  }

  /**
   * ms from `sentAt` (by event id) to visibility in every view, split at the moment the event was seen in the
   * event store (ingest's share, then the projector's), for every event seen both sent and visible.
   */
  latencies(sentAt: ReadonlyMap<string, number>): {
    latencies: number[];
    ingest: number[];
    projector: number[];
    unseen: number;
  } {
    const latencies: number[] = [];
    const ingest: number[] = [];
    const projector: number[] = [];
    let unseen = 0;
    for (const [id, at] of sentAt) {
      const visible = this.#visibleAt.get(id);
      const stored = this.#storedAt.get(id);
      if (visible === undefined || stored === undefined) {
        unseen += 1;
        continue;
      }
      latencies.push(visible - at);
      ingest.push(stored - at);
      projector.push(Math.max(0, visible - stored));
    }
    return { latencies, ingest, projector, unseen };
  }

  get pending(): number {
    return this.#pending.size;
  }

  /** How long each read of a feed page took (ms): the emulator's read latency under the load. */
  readonly readRounds: number[] = [];

  async #iteratorsFromNow<T>(
    container: Container,
  ): Promise<{ token: string; iterator: ChangeFeedPullModelIterator<T> }[]> {
    const ranges = await container.getFeedRanges();
    const iterators = ranges.map((range) => ({
      token: `${range.minInclusive}-${range.maxExclusive}`,
      iterator: container.items.getChangeFeedIterator<T>({
        changeFeedStartFrom: ChangeFeedStartFrom.Now(range),
        maxItemCount: PAGE,
      }),
    }));
    // Iterators from Now() only fix their position on a first read.
    await Promise.all(iterators.map(({ iterator }) => iterator.readNext()));
    return iterators;
  }

  async #follow<T>(
    iterator: ChangeFeedPullModelIterator<T>,
    onPage: (items: T[], now: number) => void,
  ): Promise<void> {
    while (this.#running) {
      const started = performance.now();
      const page = await iterator.readNext();
      const took = performance.now() - started;
      this.readRounds.push(took);
      if (page.result.length > 0) onPage(page.result, Date.now());
      // One read per round, full or not (a full page: read on at once), so the probe's own load stays small.
      if (page.result.length < PAGE) await new Promise((r) => setTimeout(r, Math.max(0, ROUND_MS - took)));
    }
  }

  /** Events seen stored: the docs of every view each lands in (its lease's partials; one lease per range). */
  #stored(token: string, items: ProbeItem[], now: number): void {
    for (const item of items) {
      this.#storedAt.set(item.id, now);
      const movie = item.data?.Details?.[0]?.ProductId ?? 0;
      const hour = hourKeyOf(item.occurredAt);
      const docs = [
        movieSalesDocId(movieBucketOf(movie)),
        CATEGORIES_DOC_ID,
        hourDocId(hour),
        dayDocId(dayKeyOf(item.occurredAt)),
        funnelHourDocId(hour),
        funnelMoviesDocId(hour, movieBucketOf(movie)),
      ].map((id) => storedViewId(1, id, token));
      const waiting = new Set(docs.filter((doc) => (this.#applied.get(doc) ?? -1) < item._lsn));
      if (waiting.size === 0) {
        this.#visibleAt.set(item.id, now); // every doc was seen written before the event itself
        continue;
      }
      this.#pending.set(item.id, { lsn: item._lsn, waiting });
      for (const doc of waiting) {
        let ids = this.#waitingOn.get(doc);
        if (ids === undefined) this.#waitingOn.set(doc, (ids = new Set()));
        ids.add(item.id);
      }
    }
  }

  /** View doc versions seen written: the events they complete are visible now. */
  #written(items: ViewItem[], now: number): void {
    for (const item of items) {
      const writer = parseStoredViewId(item.id)?.writer;
      const lsn = writer === undefined ? undefined : item.appliedLsn?.[writer];
      if (lsn === undefined) continue;
      this.#applied.set(item.id, Math.max(this.#applied.get(item.id) ?? -1, lsn));
      const ids = this.#waitingOn.get(item.id);
      if (ids === undefined) continue;
      for (const id of ids) {
        const pending = this.#pending.get(id);
        if (pending === undefined || pending.lsn > lsn) continue;
        ids.delete(id);
        pending.waiting.delete(item.id);
        if (pending.waiting.size > 0) continue;
        this.#pending.delete(id);
        this.#visibleAt.set(id, now);
      }
    }
  }
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}
