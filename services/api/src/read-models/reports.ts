import {
  CATEGORIES_DOC_ID,
  dayDocId,
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
  hourWindow,
} from './report-builders.ts';
import type { ViewReader } from './view-reader.ts';

export interface ReportsOptions {
  reader: ViewReader;
  movies: MovieCache;
  categoryNames: CategoryNames;
  timeZone: string;
  now: () => Date;
}

/** The four reports, each made of point reads of view docs, the movies in memory and the category cache. */
export class Reports {
  readonly #reader: ViewReader;
  readonly #movies: MovieCache;
  readonly #categoryNames: CategoryNames;
  readonly #timeZone: string;
  readonly #now: () => Date;
  #ranked: { doc: unknown; report: TopMoviesReport } | undefined;

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
    const [doc, names] = await Promise.all([
      this.#reader.read('categories', CATEGORIES_DOC_ID),
      this.#categoryNames.current(),
    ]);
    return buildCategories(doc, names);
  }

  /** A movie whose category is not live (unknown, soft-deleted) is shown under Unknown's name. */
  #movieInfo(movieId: number, names: NameById): MovieInfo {
    const { title, categoryId } = this.#movies.movie(movieId);
    return { title, categoryId, categoryName: names.get(categoryId) ?? UNKNOWN_CATEGORY.name };
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
