// The funnel report's repository: point reads of the window's funnel docs in the generation the pointer names
// (every writer's partial, merged with the view's own merge once per change), movie titles in memory, category
// names from the category cache. All of it, one category (its entries in the hour docs) or one movie (its entry
// in the id-range docs of its bucket: one doc per hour, whatever the catalog size).
import {
  funnelHourDocId,
  funnelMoviesDocId,
  movieBucketOf,
  newestAsOf,
  UNKNOWN_CATEGORY,
  type FunnelHourDoc,
  type FunnelMoviesDoc,
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
    const [docs, names] = await Promise.all([
      this.#docs<FunnelHourDoc>(keys.map(funnelHourDocId)),
      this.#o.categoryNames.current(),
    ]);
    const base = { hourKeys: keys, names, asOf: newestAsOf(docs), movie: null };
    if (category === undefined) {
      const perHour = docs.map((d) => d?.total);
      return buildFunnel({ ...base, perHour, perCategory: categoriesOver(docs), category: null });
    }
    const name = category === UNKNOWN_CATEGORY.categoryId ? UNKNOWN_CATEGORY.name : names.get(category);
    if (name === undefined) throw notFound(`category ${category} is not in the catalog`);
    const perHour = docs.map((d) => d?.categories[String(category)]);
    return buildFunnel({
      ...base,
      perHour,
      perCategory: undefined,
      category: { categoryId: category, name },
    });
  }

  async #movie(keys: readonly string[], movieId: number): Promise<FunnelReport> {
    const bucket = movieBucketOf(movieId);
    const [docs, names] = await Promise.all([
      this.#docs<FunnelMoviesDoc>(keys.map((hour) => funnelMoviesDocId(hour, bucket))),
      this.#o.categoryNames.current(),
      this.#o.movies.ensure([movieId]),
    ]);
    const { title, categoryId } = this.#o.movies.movie(movieId);
    const categoryName = names.get(categoryId) ?? UNKNOWN_CATEGORY.name;
    return buildFunnel({
      hourKeys: keys,
      perHour: docs.map((d) => d?.movies[String(movieId)]),
      perCategory: undefined,
      names,
      asOf: newestAsOf(docs),
      movie: { movieId, title, categoryId, categoryName },
      category: null,
    });
  }

  /** The merged doc of each id (undefined: no writer has it yet), merged once per change of its parts. */
  async #docs<D extends FunnelHourDoc | FunnelMoviesDoc>(ids: readonly string[]) {
    const parts = await this.#o.reader.readParts('funnel', ids);
    // The ids name one doc family, so each merge is of that family.
    return parts.map((p, i) => this.#merged.get(ids[i]!, p, (q) => mergeCounters('funnel', q))) as (
      Merged<D> | undefined
    )[];
  }
}
