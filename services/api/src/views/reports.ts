import { CATEGORIES_DOC_ID, dayDocId, hourDocId, TOP_MOVIES_DOC_ID } from '@marquee/domain';
import {
  MAX_TOP_MOVIES,
  type CategoriesReport,
  type DailyReport,
  type HourlyReport,
  type TopMoviesReport,
} from '../schemas/reports.ts';
import type { CatalogCache } from './catalog-cache.ts';
import {
  buildCategories,
  buildDaily,
  buildHourly,
  buildTopMovies,
  dayWindow,
  hourWindow,
} from './report-builders.ts';
import type { ViewReader } from './view-reader.ts';

export interface ReportsOptions {
  reader: ViewReader;
  catalog: CatalogCache;
  timeZone: string;
  now: () => Date;
}

/** The four reports, each made of point reads of view docs and the in-memory catalog. */
export class Reports {
  readonly #reader: ViewReader;
  readonly #catalog: CatalogCache;
  readonly #timeZone: string;
  readonly #now: () => Date;
  #ranked: { doc: unknown; report: TopMoviesReport } | undefined;

  constructor(options: ReportsOptions) {
    this.#reader = options.reader;
    this.#catalog = options.catalog;
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
    const doc = await this.#reader.read('top-movies', TOP_MOVIES_DOC_ID);
    // Ranking hundreds of movies per request is the costly part: rank a doc once (the reader hands out
    // the same object while it reuses a read) and keep the best MAX_TOP_MOVIES.
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
    // Only the movies shown need names, and only they may trigger a catalog reload.
    await this.#catalog.ensure(top.map((m) => m.movieId));
    return {
      asOf: ranked.report.asOf,
      items: top.map((m) => ({ ...m, ...this.#catalog.movieInfo(m.movieId) })),
    };
  }

  async categories(): Promise<CategoriesReport> {
    const [doc] = await Promise.all([
      this.#reader.read('categories', CATEGORIES_DOC_ID),
      this.#catalog.ensure(),
    ]);
    const ids = this.#catalog.categories().map((c) => c.categoryId);
    return buildCategories(doc, ids, (id) => this.#catalog.categoryName(id));
  }

  async hourly(hours: number): Promise<HourlyReport> {
    const keys = hourWindow(this.#now(), hours);
    const docs = await this.#reader.readMany('orders-hour', keys.map(hourDocId));
    return buildHourly(keys, docs);
  }

  async daily(days: number): Promise<DailyReport> {
    const keys = dayWindow(this.#now(), days, this.#timeZone);
    const docs = await this.#reader.readMany('orders-day', keys.map(dayDocId));
    return buildDaily(keys, docs, this.#timeZone);
  }
}
