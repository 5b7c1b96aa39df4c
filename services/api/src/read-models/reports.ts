import {
  CATEGORIES_DOC_ID,
  dayDocId,
  dayKeyOf,
  hourDocId,
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
  hourKeyNow,
  hourWindow,
} from './report-builders.ts';
import { BuiltReports } from './built-reports.ts';
import { MergeCache, mergeCounters, mergeTopMovies } from './merged-views.ts';
import type { ViewReader } from './view-reader.ts';

export interface ReportsOptions {
  reader: ViewReader;
  movies: MovieCache;
  categoryNames: CategoryNames;
  timeZone: string;
  now: () => Date;
}

/**
 * The four reports, each made of point reads of view docs (every writer's partial, merged once per change),
 * the movies in memory and the category cache; each built once per view change or doc ttl (`BuiltReports`),
 * so a request in steady state reads, merges and builds nothing.
 */
export class Reports {
  readonly #reader: ViewReader;
  readonly #movies: MovieCache;
  readonly #categoryNames: CategoryNames;
  readonly #timeZone: string;
  readonly #now: () => Date;
  #ranked: { doc: unknown; report: TopMoviesReport } | undefined;
  readonly #merged = new MergeCache();
  /** Per view: a write to one view rebuilds only the reports made from it. */
  readonly #built: Record<'top-movies' | 'categories' | 'orders-hour' | 'orders-day', BuiltReports>;

  constructor(options: ReportsOptions) {
    this.#reader = options.reader;
    this.#movies = options.movies;
    this.#categoryNames = options.categoryNames;
    this.#timeZone = options.timeZone;
    this.#now = options.now;
    const reader = options.reader;
    this.#built = {
      'top-movies': new BuiltReports(reader.of('top-movies')),
      categories: new BuiltReports(reader.of('categories')),
      'orders-hour': new BuiltReports(reader.of('orders-hour')),
      'orders-day': new BuiltReports(reader.of('orders-day')),
    };
  }

  get reader(): ViewReader {
    return this.#reader;
  }

  /** The IANA zone days are counted in. */
  get timeZone(): string {
    return this.#timeZone;
  }

  /** Category names changed: the reports built with the old ones are built again. */
  catalogChanged(): void {
    for (const built of Object.values(this.#built)) built.clear();
  }

  topMovies(limit: number): Promise<TopMoviesReport> {
    return this.#built['top-movies'].get(`top-movies:${limit}`, () => this.#topMovies(limit));
  }

  categories(): Promise<CategoriesReport> {
    return this.#built.categories.get('categories', () => this.#categories());
  }

  hourly(hours: number): Promise<HourlyReport> {
    const now = this.#now();
    return this.#built['orders-hour'].get(`hourly:${hours}:${hourKeyNow(now)}`, () =>
      this.#hourly(now, hours),
    );
  }

  daily(days: number): Promise<DailyReport> {
    const now = this.#now();
    return this.#built['orders-day'].get(`daily:${days}:${dayKeyOf(now, this.#timeZone)}`, () =>
      this.#daily(now, days),
    );
  }

  async #topMovies(limit: number): Promise<TopMoviesReport> {
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

  async #categories(): Promise<CategoriesReport> {
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

  /** The window's hours out of their day docs (one per UTC day of the window: 24 hours, 2 docs). */
  async #hourly(now: Date, hours: number): Promise<HourlyReport> {
    const keys = hourWindow(now, hours);
    const ids = [...new Set(keys.map(hourDocId))];
    const parts = await this.#reader.readParts('orders-hour', ids);
    const days = new Map(
      ids.map((id, i) => [id, this.#merged.get(id, parts[i]!, (q) => mergeCounters('orders-hour', q))]),
    );
    return buildHourly(
      keys,
      keys.map((hour) => days.get(hourDocId(hour))),
    );
  }

  async #daily(now: Date, days: number): Promise<DailyReport> {
    const keys = dayWindow(now, days, this.#timeZone);
    const ids = keys.map(dayDocId);
    const parts = await this.#reader.readParts('orders-day', ids);
    const docs = parts.map((p, i) => this.#merged.get(ids[i]!, p, (q) => mergeCounters('orders-day', q)));
    return buildDaily(keys, docs, this.#timeZone);
  }
}
