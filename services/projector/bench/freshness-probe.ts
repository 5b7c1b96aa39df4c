// Measures freshness per event: when did each order's effect show in every view? The probe follows the events
// container's change feed itself (per physical range) to learn each stored event's lease token and LSN, and
// polls the view docs those orders land in, recording their `appliedLsn` over time. An event is visible
// once every one of those docs has applied its range up to its LSN.
import { ChangeFeedStartFrom, type ChangeFeedPullModelIterator, type Container } from '@azure/cosmos';
import {
  CATEGORIES_DOC_ID,
  dayDocId,
  dayKeyOf,
  hourDocId,
  hourKeyOf,
  movieBucketOf,
  movieSalesDocId,
  storedViewId,
} from '@marquee/domain';

interface ProbeItem {
  id: string;
  _lsn: number;
  occurredAt: string;
  data?: { Details?: { ProductId?: number }[] };
}

interface Position {
  token: string;
  lsn: number;
  docs: string[];
}

export class FreshnessProbe {
  readonly #events: Container;
  readonly #views: Container;
  readonly #positions = new Map<string, Position>();
  readonly #visibleAt = new Map<string, number>();
  /** When the probe's own feed read first returned the event: "stored", as close as we can tell. */
  readonly #storedAt = new Map<string, number>();
  readonly #docs = new Set<string>();
  #running = false;
  #loops: Promise<void>[] = [];

  constructor(events: Container, views: Container) {
    this.#events = events;
    this.#views = views;
  }

  /** Starts following from now. */
  async start(): Promise<void> {
    this.#running = true;
    const ranges = await this.#events.getFeedRanges();
    const iterators = ranges.map((range) => ({
      token: `${range.minInclusive}-${range.maxExclusive}`,
      iterator: this.#events.items.getChangeFeedIterator<ProbeItem>({
        changeFeedStartFrom: ChangeFeedStartFrom.Now(range),
        maxItemCount: 1_000,
      }),
    }));
    // Iterators from Now() only fix their position on a first read.
    await Promise.all(iterators.map(({ iterator }) => iterator.readNext()));
    this.#loops = [...iterators.map((it) => this.#follow(it.token, it.iterator)), this.#poll()];
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
      projector.push(visible - stored);
    }
    return { latencies, ingest, projector, unseen };
  }

  get pending(): number {
    return this.#positions.size;
  }

  async #follow(token: string, iterator: ChangeFeedPullModelIterator<ProbeItem>): Promise<void> {
    while (this.#running) {
      const page = await iterator.readNext();
      const now = Date.now();
      for (const item of page.result) {
        this.#storedAt.set(item.id, now);
        // The lease's own partials (the feed range is the lease here: one lease per physical range).
        const movie = item.data?.Details?.[0]?.ProductId ?? 0;
        const docs = [
          movieSalesDocId(movieBucketOf(movie)),
          CATEGORIES_DOC_ID,
          hourDocId(hourKeyOf(item.occurredAt)),
          dayDocId(dayKeyOf(item.occurredAt)),
        ].map((id) => storedViewId(1, id, token));
        for (const d of docs) this.#docs.add(d);
        this.#positions.set(item.id, { token, lsn: item._lsn, docs });
      }
      if (page.result.length === 0) await new Promise((r) => setTimeout(r, 10));
    }
  }

  /** How long each round of view doc reads took (ms): the emulator's read latency under the load. */
  readonly pollRounds: number[] = [];

  async #poll(): Promise<void> {
    while (this.#running) {
      const roundStarted = performance.now();
      const applied = new Map<string, Record<string, number>>();
      await Promise.all(
        [...this.#docs].map(async (id) => {
          const { resource } = await this.#views.item(id, id).read<{ appliedLsn?: Record<string, number> }>();
          applied.set(id, resource?.appliedLsn ?? {});
        }),
      );
      this.pollRounds.push(performance.now() - roundStarted);
      const now = Date.now();
      for (const [id, p] of this.#positions) {
        if (p.docs.every((doc) => (applied.get(doc)?.[p.token] ?? -1) >= p.lsn)) {
          this.#visibleAt.set(id, now);
          this.#positions.delete(id);
        }
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}
