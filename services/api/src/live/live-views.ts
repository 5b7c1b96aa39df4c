import {
  dayKeyOf,
  GENERATIONS_DOC_ID,
  hourKeyOf,
  kindOfDomainId,
  parseStoredViewId,
  VIEW_KINDS,
  type ViewKind,
} from '@marquee/domain';
import type { FastifyBaseLogger as Logger } from 'fastify';
import type { ViewsEvent } from '../schemas/reports.ts';
import { OrderRate } from './order-rate.ts';
import type { Reports } from '../read-models/reports.ts';
import {
  buildCategories,
  buildDaily,
  buildHourly,
  buildTopMovies,
  dayWindow,
  hourWindow,
} from '../read-models/report-builders.ts';
import { isViewRebuilding } from '../read-models/view-rebuilding.ts';

const noMovie = () => ({ title: '', categoryId: 0, categoryName: '' });

/** One built `views` event: its id (ms-based, so newer is larger even across restarts) and its JSON. */
export interface Snapshot {
  id: number;
  payload: ViewsEvent;
  json: string;
}

export interface LiveViewsOptions {
  reports: Reports;
  now: () => Date;
  logger?: Logger;
  /** Category cache stats to include, when that cache runs. */
  cacheStats?: () => Promise<unknown>;
  /** Starts the change feed (called once, on the first subscriber). */
  startFeed: () => Promise<void>;
  /** How often to check for a new hour with no view change; default 1 s. */
  tickMs?: number;
}

const DASHBOARD = { topMovies: 10, hours: 24, days: 1 } as const;

/**
 * The views a `views` event carries. The funnel is not among them: its panel polls /api/reports/funnel (hour
 * figures, like the pipeline panel's), so a funnel change only makes the reader forget the doc, and does not
 * push the whole payload again to every client on each of its batches.
 */
const STREAMED: readonly ViewKind[] = VIEW_KINDS.filter((kind) => kind !== 'funnel');

/**
 * The dashboard's data, built once per change for every client: on a change it re-reads only the views
 * that changed, serializes once, and hands the same string to every listener.
 */
export class LiveViews {
  readonly #options: LiveViewsOptions;
  readonly #listeners = new Set<(snapshot: Snapshot) => void>();
  readonly #rate = new OrderRate();
  #current: Snapshot | undefined;
  #building: Promise<Snapshot> | undefined;
  #pending = new Set<ViewKind>();
  /** Kinds whose last build failed: still stale, so the next build re-reads them too. */
  #failed = new Set<ViewKind>();
  #tick: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(options: LiveViewsOptions) {
    this.#options = options;
  }

  /** The newest snapshot, built now if there is none yet. */
  async current(): Promise<Snapshot> {
    if (this.#current) return this.#current;
    return await this.#rebuild(new Set(STREAMED));
  }

  /** Listens for new snapshots; starts the change feed for the first listener. Returns the unsubscribe. */
  async subscribe(listener: (snapshot: Snapshot) => void): Promise<() => void> {
    this.#listeners.add(listener);
    if (!this.#tick && !this.#closed) {
      this.#tick = setInterval(() => this.#checkHour(), this.#options.tickMs ?? 1_000);
      this.#tick.unref();
      await this.#options.startFeed();
    }
    return () => this.#listeners.delete(listener);
  }

  /** Stored ids from the change feed (undefined: anything may have changed). */
  changed(ids: readonly string[] | undefined): void {
    const kinds = new Set<ViewKind>();
    let pointer = ids === undefined;
    const live = this.#options.reports.reader.knownGenerations();
    for (const id of ids ?? []) {
      if (id === GENERATIONS_DOC_ID) pointer = true;
      const stored = parseStoredViewId(id);
      const kind = kindOfDomainId(stored?.domainId ?? '');
      // Docs of a generation being rebuilt beside the live one change nothing readers see (yet).
      if (kind && STREAMED.includes(kind) && (live === undefined || live[kind] === stored?.generation))
        kinds.add(kind);
    }
    this.#options.reports.reader.forget(ids ?? []);
    if (pointer) {
      this.#options.reports.reader.invalidate();
      for (const kind of STREAMED) kinds.add(kind);
    }
    if (kinds.size === 0) return;
    // The feed also runs for the reports alone (they trust their reads while it watches): with nobody
    // listening, the snapshot is dropped instead of rebuilt, and the next subscriber gets a fresh one.
    if (this.#listeners.size === 0 && this.#building === undefined) this.#current = undefined;
    else void this.#rebuild(kinds).catch(() => undefined);
  }

  /** Category names changed (cache-sync's invalidation): the views that show them are built again. */
  catalogChanged(): void {
    if (this.#current === undefined) return;
    void this.#rebuild(new Set<ViewKind>(['categories', 'top-movies'])).catch(() => undefined);
  }

  close(): void {
    this.#closed = true;
    clearInterval(this.#tick);
    this.#listeners.clear();
  }

  /** A new hour (or a new day in the report zone, which need not start on a UTC hour) shifts the windows. */
  #checkHour(): void {
    const shown = this.#current?.payload;
    if (shown === undefined) return;
    const now = this.#options.now();
    if (
      shown.hourly.current.hour !== hourKeyOf(now) ||
      shown.daily.today.date !== dayKeyOf(now, this.#options.reports.timeZone)
    )
      void this.#rebuild(new Set(['orders-hour', 'orders-day'])).catch(() => undefined);
  }

  /** Builds are serialized; kinds that change during a build are folded into the next one. */
  #rebuild(kinds: Set<ViewKind>): Promise<Snapshot> {
    for (const kind of [...kinds, ...this.#failed]) this.#pending.add(kind);
    this.#failed.clear();
    this.#building ??= this.#drainPending().finally(() => (this.#building = undefined));
    return this.#building;
  }

  async #drainPending(): Promise<Snapshot> {
    for (;;) {
      const kinds = this.#pending;
      this.#pending = new Set();
      let built: Snapshot | undefined;
      try {
        built = await this.#build(kinds, this.#current);
        this.#current = built;
      } catch (err) {
        // Listeners keep what they have; the next change tries again, these kinds included.
        for (const kind of kinds) this.#failed.add(kind);
        this.#options.logger?.warn({ err }, 'could not build the live views');
        if (!this.#current) throw err;
      }
      if (built) for (const listener of this.#listeners) listener(built);
      if (this.#pending.size === 0) return this.#current;
    }
  }

  async #build(kinds: Set<ViewKind>, previous: Snapshot | undefined): Promise<Snapshot> {
    const { reports } = this.#options;
    const all = previous === undefined;
    const now = this.#options.now();
    // Views kept from the previous event keep its rebuilding marks; the others are read again below.
    const rebuilding = new Set(
      (previous?.payload.rebuilding ?? []).filter((k) => !all && !kinds.has(k as ViewKind)),
    );
    /** A view being rebuilt into this release's layout: a blank part, and the view named in `rebuilding`. */
    const orBlank = <T>(kind: ViewKind, report: Promise<T>, blank: () => T): Promise<T> =>
      report.catch((err: unknown) => {
        if (!isViewRebuilding(err)) throw err;
        rebuilding.add(kind);
        return blank();
      });
    const [topMovies, categories, hourly, daily, cache] = await Promise.all([
      all || kinds.has('top-movies')
        ? orBlank('top-movies', reports.topMovies(DASHBOARD.topMovies), () =>
            buildTopMovies(undefined, 0, noMovie),
          )
        : previous.payload.topMovies,
      all || kinds.has('categories')
        ? orBlank('categories', reports.categories(), () => buildCategories(undefined, new Map()))
        : previous.payload.categories,
      all || kinds.has('orders-hour')
        ? orBlank('orders-hour', reports.hourly(DASHBOARD.hours), () =>
            buildHourly(hourWindow(now, DASHBOARD.hours), []),
          )
        : previous.payload.hourly,
      all || kinds.has('orders-day')
        ? orBlank('orders-day', reports.daily(DASHBOARD.days), () =>
            buildDaily(dayWindow(now, DASHBOARD.days, reports.timeZone), [], reports.timeZone),
          )
        : previous.payload.daily,
      this.#options.cacheStats?.().catch(() => undefined),
    ]);
    const eventsPerSecond = Math.round(this.#rate.observe(Date.now(), hourly.series) * 10) / 10;
    const payload: ViewsEvent = {
      changed: [...kinds].sort(),
      serverTime: now.toISOString(),
      topMovies,
      categories,
      hourly,
      daily,
      eventsPerSecond,
      ...(rebuilding.size === 0 ? {} : { rebuilding: [...rebuilding].sort() }),
      ...(cache === undefined ? {} : { cache }),
    };
    const id = Math.max(Date.now(), (previous?.id ?? 0) + 1);
    return { id, payload, json: JSON.stringify(payload) };
  }
}
