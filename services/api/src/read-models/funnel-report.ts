// The funnel report's repository: point reads of the window's funnel docs in the generation the pointer names
// (every writer's partial, merged with the view's own merge once per change), movie titles in memory, category
// names from the category cache. All of it, one category (its entries in the day docs: one doc per UTC day of
// the window) or one movie (its entries in the id-range docs of its bucket: one doc per 4-hour block,
// whatever the catalog size). Each hour of the window is then taken out of the doc that holds it.
import {
  funnelDayDocId,
  funnelMovieHoursDocId,
  funnelOfHour,
  funnelOfMovieHour,
  newestAsOf,
  UNKNOWN_CATEGORY,
  type FunnelDayDoc,
  type FunnelMovieHoursDoc,
} from '@marquee/domain';
import { notFound, validationError } from '@marquee/platform';
import type { CategoryNames } from '../catalog/category-names.ts';
import type { MovieCache } from '../catalog/movie-cache.ts';
import type { FunnelQuery, FunnelReport } from '../schemas/funnel.ts';
import { BuiltReports } from './built-reports.ts';
import { buildFunnel, categoriesOver } from './funnel-builders.ts';
import { MergeCache, mergeCounters, type Merged } from './merged-views.ts';
import { hourKeyNow, hourWindow } from './report-builders.ts';
import type { ViewReader } from './view-reader.ts';

export interface FunnelReportsOptions {
  reader: ViewReader;
  movies: MovieCache;
  categoryNames: CategoryNames;
  now: () => Date;
}

export class FunnelReports {
  readonly #o: FunnelReportsOptions;
  readonly #merged = new MergeCache();
  readonly #built: BuiltReports;

  constructor(options: FunnelReportsOptions) {
    this.#o = options;
    this.#built = new BuiltReports(options.reader.of('funnel'));
  }

  /** Category names changed: the reports built with the old ones are built again. */
  catalogChanged(): void {
    this.#built.clear();
  }

  /**
   * Built once per view change or doc ttl per query and hour (`BuiltReports`). Throws a validation error for
   * movieId with category, not-found for a category the catalog lacks.
   */
  report(query: FunnelQuery): Promise<FunnelReport> {
    const { hours, movieId, category } = query;
    if (movieId !== undefined && category !== undefined)
      return Promise.reject(
        validationError('give movieId or category, not both', ['querystring: movieId and category']),
      );
    const now = this.#o.now();
    const key = `funnel:${hours}:${movieId ?? ''}:${category ?? ''}:${hourKeyNow(now)}`;
    return this.#built.get(key, () => this.#build(now, query));
  }

  async #build(now: Date, { hours, movieId, category }: FunnelQuery): Promise<FunnelReport> {
    const keys = hourWindow(now, hours);
    if (movieId !== undefined) return await this.#movie(keys, movieId);
    const [days, names] = await Promise.all([
      this.#docs<FunnelDayDoc>(keys.map(funnelDayDocId)),
      this.#o.categoryNames.current(),
    ]);
    const perHour = keys.map((hour) => funnelOfHour(days.get(funnelDayDocId(hour)), hour));
    const base = { hourKeys: keys, names, asOf: newestAsOf([...days.values()]), movie: null };
    if (category === undefined) {
      return buildFunnel({
        ...base,
        perHour: perHour.map((h) => h?.total),
        perCategory: categoriesOver(perHour),
        category: null,
      });
    }
    const name = category === UNKNOWN_CATEGORY.categoryId ? UNKNOWN_CATEGORY.name : names.get(category);
    if (name === undefined) throw notFound(`category ${category} is not in the catalog`);
    return buildFunnel({
      ...base,
      perHour: perHour.map((h) => h?.categories[String(category)]),
      perCategory: undefined,
      category: { categoryId: category, name },
    });
  }

  async #movie(keys: readonly string[], movieId: number): Promise<FunnelReport> {
    const idOf = (hour: string) => funnelMovieHoursDocId(hour, movieId);
    const [docs, names] = await Promise.all([
      this.#docs<FunnelMovieHoursDoc>(keys.map(idOf)),
      this.#o.categoryNames.current(),
      this.#o.movies.ensure([movieId]),
    ]);
    const { title, categoryId } = this.#o.movies.movie(movieId);
    const categoryName = names.get(categoryId) ?? UNKNOWN_CATEGORY.name;
    return buildFunnel({
      hourKeys: keys,
      perHour: keys.map((hour) => funnelOfMovieHour(docs.get(idOf(hour)), movieId, hour)),
      perCategory: undefined,
      names,
      asOf: newestAsOf([...docs.values()]),
      movie: { movieId, title, categoryId, categoryName },
      category: null,
    });
  }

  /**
   * The merged doc of each distinct id (absent: no writer has it yet), merged once per change of its parts.
   * The ids name one doc family, so each merge is of that family.
   */
  async #docs<D extends FunnelDayDoc | FunnelMovieHoursDoc>(ids: readonly string[]) {
    const distinct = [...new Set(ids)];
    const parts = await this.#o.reader.readParts('funnel', distinct);
    const docs = new Map<string, Merged<D>>();
    distinct.forEach((id, i) => {
      const merged = this.#merged.get(id, parts[i]!, (q) => mergeCounters('funnel', q));
      if (merged !== undefined) docs.set(id, merged as unknown as Merged<D>);
    });
    return docs;
  }
}
