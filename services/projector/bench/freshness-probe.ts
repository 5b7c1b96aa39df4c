// Measures freshness per event: when did each order's effect show in every view? The probe follows the events
// container's change feed itself (per physical range) to learn each stored event's lease token and LSN, and
// follows the views container's change feed to see each view doc's `appliedLsn` as it is written. An event is
// visible once every view doc it lands in has applied its range up to its LSN.
// Following the views' feed, rather than polling the docs, costs the store one read per range and round however
// many docs the orders touch, so the probe loads the emulator it measures far less (polling ~100 docs every
// round did), and sees a write within a round (ROUND_MS) of it landing.
// Only the views' feed needs that precision: each doc's applied LSNs are kept with the time they were seen, so
// an event learned later from the (slower, EVENTS_ROUND_MS) events feed still gets the time its last doc
// applied it. The hop from Event Hubs to ingest ends at the event's `receivedAt` (ingest's clock, same machine).
import { ChangeFeedStartFrom, type ChangeFeedPullModelIterator, type Container } from '@azure/cosmos';
import {
  CATEGORIES_DOC_ID,
  dayDocId,
  dayKeyOf,
  funnelDayDocId,
  funnelMovieHoursDocId,
  hourDocId,
  hourKeyOf,
  kindOfStoredId,
  movieBucketOf,
  movieSalesDocId,
  parseStoredViewId,
  storedViewId,
} from '@marquee/domain';

interface ProbeItem {
  id: string;
  _lsn: number;
  occurredAt: string;
  receivedAt?: string;
  source?: { partitionId?: string };
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
  /** When the docs that had applied it already did (the latest of them). */
  since: number;
  /** When the first of its docs was seen applying it. */
  first: number;
}

/** Where one event spent its time, for the tail split (see tail-split.ts). */
export interface EventHops {
  /** Event Hubs acknowledgement → visible in every view. */
  total: number;
  /** Acknowledgement → ingest's `receivedAt`. */
  toIngest: number;
  /** `receivedAt` → the probe's events feed showed it stored (an upper bound: read every EVENTS_ROUND_MS). */
  toStoredSeen: number;
  /** `receivedAt` → the first of its view docs seen applying it. */
  toFirstView: number;
  /** First view doc → last view doc seen applying it. */
  firstToLast: number;
  partition: string;
  range: string;
  /** When Event Hubs acknowledged it (ms, wall clock). */
  sentAt: number;
  /** The view of the doc seen last (the one that held it back), or `before` when all were seen before it. */
  lastView: string;
}

/** One view doc's applied LSNs as they were seen, ascending in both (a writer's position only moves on). */
interface Applied {
  lsns: number[];
  at: number[];
}

/** A queue of the events one view doc has not applied yet: those before `head` are done. */
interface Waiters {
  ids: string[];
  lsns: number[];
  head: number;
}

/** The views' feed is read once per round: a view write is seen at most this late (plus the read). */
const ROUND_MS = 20;
/**
 * The events' feed only tells which docs an event waits on: read less often (see the header). It also bounds
 * when each event was stored: BENCH_EVENTS_ROUND_MS=20 makes that bound finer for a tail analysis (more reads).
 */
const EVENTS_ROUND_MS = Number(process.env.BENCH_EVENTS_ROUND_MS ?? 100);
const PAGE = 1_000;

export class FreshnessProbe {
  readonly #events: Container;
  readonly #views: Container;
  readonly #pending = new Map<string, Pending>();
  /** Events waiting on each stored view doc id, in LSN order (one range's feed delivers them so). */
  readonly #waitingOn = new Map<string, Waiters>();
  /** Stored view doc id → the LSNs of its own writer's range it has applied, and when each was seen. */
  readonly #applied = new Map<string, Applied>();
  readonly #visibleAt = new Map<string, number>();
  readonly #firstViewAt = new Map<string, number>();
  readonly #lastView = new Map<string, string>();
  /** When the events feed showed the event, its ingest partition and its range (lease token). */
  readonly #storedSeen = new Map<string, { at: number; partition: string; range: string }>();
  /** When ingest received the event (its `receivedAt`). */
  readonly #receivedAt = new Map<string, number>();
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
        this.#follow(iterator, EVENTS_ROUND_MS, (items, now) => this.#stored(token, items, now)),
      ),
      ...views.map(({ iterator }) =>
        this.#follow(iterator, ROUND_MS, (items, now) => this.#written(items, now)),
      ),
    ];
  }

  async stop(): Promise<void> {
    this.#running = false;
    await Promise.all(this.#loops);
  }

  /**
   * ms from `sentAt` (by event id) to visibility in every view, split at the moment ingest received the event
   * (Event Hubs' share, then ingest's append and the projector's), for every event seen both sent and visible.
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
      const received = this.#receivedAt.get(id);
      if (visible === undefined || received === undefined) {
        unseen += 1;
        continue;
      }
      latencies.push(visible - at);
      ingest.push(received - at);
      projector.push(Math.max(0, visible - received));
    }
    return { latencies, ingest, projector, unseen };
  }

  /** Each event's hops (see EventHops), for every event seen both sent and visible. */
  hops(sentAt: ReadonlyMap<string, number>): EventHops[] {
    const hops: EventHops[] = [];
    for (const [id, at] of sentAt) {
      const visible = this.#visibleAt.get(id);
      const received = this.#receivedAt.get(id);
      const first = this.#firstViewAt.get(id);
      const stored = this.#storedSeen.get(id);
      if (visible === undefined || received === undefined || first === undefined || stored === undefined)
        continue;
      hops.push({
        total: visible - at,
        toIngest: received - at,
        toStoredSeen: stored.at - received,
        toFirstView: first - received,
        firstToLast: visible - first,
        partition: stored.partition,
        range: stored.range,
        sentAt: at,
        lastView: this.#lastView.get(id) ?? 'before',
      });
    }
    return hops;
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
    roundMs: number,
    onPage: (items: T[], now: number) => void,
  ): Promise<void> {
    while (this.#running) {
      const started = performance.now();
      const page = await iterator.readNext();
      const took = performance.now() - started;
      this.readRounds.push(took);
      if (page.result.length > 0) onPage(page.result, Date.now());
      // One read per round, full or not (a full page: read on at once), so the probe's own load stays small.
      if (page.result.length < PAGE) await new Promise((r) => setTimeout(r, Math.max(0, roundMs - took)));
    }
  }

  /** Events seen stored: the docs of every view each lands in (its lease's partials; one lease per range). */
  #stored(token: string, items: ProbeItem[], now: number): void {
    for (const item of items) {
      const received = item.receivedAt === undefined ? Number.NaN : Date.parse(item.receivedAt);
      this.#receivedAt.set(item.id, Number.isNaN(received) ? now : received);
      this.#storedSeen.set(item.id, { at: now, partition: item.source?.partitionId ?? '?', range: token });
      const movie = item.data?.Details?.[0]?.ProductId ?? 0;
      const hour = hourKeyOf(item.occurredAt);
      const docs = [
        movieSalesDocId(movieBucketOf(movie)),
        CATEGORIES_DOC_ID,
        hourDocId(hour),
        dayDocId(dayKeyOf(item.occurredAt)),
        funnelDayDocId(hour),
        funnelMovieHoursDocId(hour, movie),
      ].map((id) => storedViewId(1, id, token));
      const waiting = new Set<string>();
      let since = 0;
      let first = Number.POSITIVE_INFINITY;
      for (const doc of docs) {
        const at = appliedAt(this.#applied.get(doc), item._lsn);
        if (at === undefined) waiting.add(doc);
        else {
          since = Math.max(since, at);
          first = Math.min(first, at);
        }
      }
      if (first < Number.POSITIVE_INFINITY) this.#firstViewAt.set(item.id, first);
      if (waiting.size === 0) {
        this.#visibleAt.set(item.id, since); // every doc was seen written before the event itself
        continue;
      }
      this.#pending.set(item.id, { lsn: item._lsn, waiting, since, first });
      for (const doc of waiting) {
        let waiters = this.#waitingOn.get(doc);
        if (waiters === undefined) this.#waitingOn.set(doc, (waiters = { ids: [], lsns: [], head: 0 }));
        waiters.ids.push(item.id);
        waiters.lsns.push(item._lsn);
      }
    }
  }

  /** View doc versions seen written: the events they complete are visible now. */
  #written(items: ViewItem[], now: number): void {
    for (const item of items) {
      const writer = parseStoredViewId(item.id)?.writer;
      const lsn = writer === undefined ? undefined : item.appliedLsn?.[writer];
      if (lsn === undefined) continue;
      let applied = this.#applied.get(item.id);
      if (applied === undefined) this.#applied.set(item.id, (applied = { lsns: [], at: [] }));
      if (lsn > (applied.lsns.at(-1) ?? -1)) {
        applied.lsns.push(lsn);
        applied.at.push(now);
      }
      const waiters = this.#waitingOn.get(item.id);
      if (waiters === undefined) continue;
      for (; waiters.head < waiters.ids.length; waiters.head += 1) {
        if ((waiters.lsns[waiters.head] as number) > lsn) break;
        const id = waiters.ids[waiters.head] as string;
        const pending = this.#pending.get(id);
        if (pending === undefined) continue;
        pending.waiting.delete(item.id);
        if (now < pending.first) this.#firstViewAt.set(id, (pending.first = now));
        if (pending.waiting.size > 0) continue;
        this.#pending.delete(id);
        this.#visibleAt.set(id, Math.max(now, pending.since));
        this.#lastView.set(id, kindOfStoredId(item.id) ?? '?');
      }
      if (waiters.head === waiters.ids.length) this.#waitingOn.delete(item.id);
    }
  }
}

/** When a doc was first seen having applied `lsn` (undefined: not yet). */
function appliedAt(applied: Applied | undefined, lsn: number): number | undefined {
  if (applied === undefined || (applied.lsns.at(-1) ?? -1) < lsn) return undefined;
  let lo = 0;
  let hi = applied.lsns.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((applied.lsns[mid] as number) >= lsn) hi = mid;
    else lo = mid + 1;
  }
  return applied.at[lo];
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}
