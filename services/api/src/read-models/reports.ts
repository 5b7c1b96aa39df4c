import {
  CATEGORIES_DOC_ID,
  dayDocId,
  dayKeyOf,
  hourDocId,
  hourKeyOf,
  TOP_MOVIES_DOC_ID,
  UNKNOWN_CATEGORY,
  type MovieInfo,
} from '@marquee/domain';
import {
  MAX_TOP_MOVIES,
  type CategoriesReport,
  type DailyReport,
  type HourlyReport,
  type TopMoviesReport,
} from '../schemas/reports.ts';
import type { CategoryNames, NameById } from '../catalog/category-names.ts';
import type { MovieCache } from '../catalog/movie-cache.ts';
import {
  buildCategories,
  buildDaily,
  buildHourly,
  buildTopMovies,
  dayWindow,
  hourWindow,
} from './report-builders.ts';
import { MergeCache, mergeCounters, mergeTopMovies } from './merged-views.ts';
import type { ViewReader } from './view-reader.ts';

/** Built reports kept (distinct parameters times the current hour or day); more start the map over. */
const BUILT_KEPT = 1_000;

export interface ReportsOptions {
  reader: ViewReader;
  movies: MovieCache;
  categoryNames: CategoryNames;
  timeZone: string;
  now: () => Date;
}

/**
 * The four reports, each made of point reads of view docs (every writer's partial, merged once per change),
 * the movies in memory and the category cache.
 */
export class Reports {
  readonly #reader: ViewReader;
  readonly #movies: MovieCache;
  readonly #categoryNames: CategoryNames;
  readonly #timeZone: string;
  readonly #now: () => Date;
  #ranked: { doc: unknown; report: TopMoviesReport } | undefined;
  readonly #merged = new MergeCache();
  readonly #built = new Map<string, { version: number; at: number; report: Promise<unknown> }>();

  constructor(options: ReportsOptions) {
    this.#reader = options.reader;
    this.#movies = options.movies;
    this.#categoryNames = options.categoryNames;
    this.#timeZone = options.timeZone;
    this.#now = options.now;
  }

  get reader(): ViewReader {
    return this.#reader;
  }

  /** The IANA zone days are counted in. */
  get timeZone(): string {
    return this.#timeZone;
  }

  async topMovies(limit: number): Promise<TopMoviesReport> {
    const [parts = []] = await this.#reader.readParts('top-movies', [TOP_MOVIES_DOC_ID]);
    const doc = this.#merged.get(TOP_MOVIES_DOC_ID, parts, mergeTopMovies);
    // Merging and ranking per request would be the costly part: do it once per change of the parts (the
    // reader hands out the same objects while it reuses a read) and keep the best MAX_TOP_MOVIES.
    let ranked = this.#ranked;
    if (ranked === undefined || ranked.doc !== doc) {
      const report = buildTopMovies(doc, MAX_TOP_MOVIES, () => ({
        title: '',
        categoryId: 0,
        categoryName: '',
      }));
      ranked = this.#ranked = { doc, report };
    }
    const top = ranked.report.items.slice(0, limit);
    // Only the movies shown need names, and only they may trigger a reload of the movies.
    const [names] = await Promise.all([
      this.#categoryNames.current(),
      this.#movies.ensure(top.map((m) => m.movieId)),
    ]);
    return {
      asOf: ranked.report.asOf,
      items: top.map((m) => ({ ...m, ...this.#movieInfo(m.movieId, names) })),
    };
  }

  async categories(): Promise<CategoriesReport> {
    const [[parts = []], names] = await Promise.all([
      this.#reader.readParts('categories', [CATEGORIES_DOC_ID]),
      this.#categoryNames.current(),
    ]);
    const doc = this.#merged.get(CATEGORIES_DOC_ID, parts, (p) => mergeCounters('categories', p));
    return buildCategories(doc, names);
  }

  /** A movie whose category is not live (unknown, soft-deleted) is shown under Unknown's name. */
  #movieInfo(movieId: number, names: NameById): MovieInfo {
    const { title, categoryId } = this.#movies.movie(movieId);
    return { title, categoryId, categoryName: names.get(categoryId) ?? UNKNOWN_CATEGORY.name };
  }

  /**
   * The report `key` as last built, while the reader's version is the one it was built at and its reads are
   * younger than the reader's ttl; else built again (which refreshes expired reads). A busy route then costs
   * a map lookup per request and one build per view change or ttl, whatever the request rate: 168 hourly
   * docs times every writer's partial are not read and merged per request. Callers put in `key` everything
   * else the report depends on (parameters, the current hour or day).
   */
  #reuse<R>(key: string, build: () => Promise<R>): Promise<R> {
    const now = performance.now();
    const hit = this.#built.get(key);
    const version = this.#reader.version;
    if (hit !== undefined && hit.version === version && now - hit.at < this.#reader.docTtlMs) {
      return hit.report as Promise<R>;
    }
    const report = build();
    // A failed build is not kept: the next request tries again.
    report.catch(() => {
      if (this.#built.get(key)?.report === report) this.#built.delete(key);
    });
    if (this.#built.size >= BUILT_KEPT) this.#built.clear();
    this.#built.set(key, { version, at: now, report });
    return report;
  }

  hourly(hours: number): Promise<HourlyReport> {
    const now = this.#now();
    return this.#reuse(`hourly:${hours}:${hourKeyOf(now)}`, () => this.#hourly(now, hours));
  }

  daily(days: number): Promise<DailyReport> {
    const now = this.#now();
    return this.#reuse(`daily:${days}:${dayKeyOf(now, this.#timeZone)}`, () => this.#daily(now, days));
  }

  async #hourly(now: Date, hours: number): Promise<HourlyReport> {
    const keys = hourWindow(now, hours);
    const ids = keys.map(hourDocId);
    const parts = await this.#reader.readParts('orders-hour', ids);
    const docs = parts.map((p, i) => this.#merged.get(ids[i]!, p, (q) => mergeCounters('orders-hour', q)));
    return buildHourly(keys, docs);
  }

  async #daily(now: Date, days: number): Promise<DailyReport> {
    const keys = dayWindow(now, days, this.#timeZone);
    const ids = keys.map(dayDocId);
    const parts = await this.#reader.readParts('orders-day', ids);
    const docs = parts.map((p, i) => this.#merged.get(ids[i]!, p, (q) => mergeCounters('orders-day', q)));
    return buildDaily(keys, docs, this.#timeZone);
  }
}
