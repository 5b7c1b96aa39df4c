import type { Container } from '@azure/cosmos';
import type { FastifyBaseLogger as Logger } from 'fastify';
import {
  catalogLookup,
  UNKNOWN_CATEGORY,
  type CatalogLookup,
  type CategoryDoc,
  type MovieDoc,
  type MovieInfo,
} from '@marquee/domain';

export interface CatalogCacheOptions {
  /** Reload the whole catalog this often; default 60 s. */
  refreshMs?: number;
  /** A movie missing from the cache reloads the catalog at most this often; default 5 s. */
  missRefreshMs?: number;
  logger?: Logger;
}

type MovieRow = Pick<MovieDoc, 'movieId' | 'title' | 'categoryId'>;
type CategoryRow = Pick<CategoryDoc, 'categoryId' | 'name'>;

/**
 * Movie titles and category names for the reports, held in memory: the catalog is small (hundreds of
 * docs, two single-partition queries) and changes rarely, so it is reloaded every minute, and early when
 * a report names a movie the cache does not know (a movie added since the last load).
 */
export class CatalogCache {
  readonly #container: Container;
  readonly #refreshMs: number;
  readonly #missRefreshMs: number;
  readonly #logger: Logger | undefined;
  #lookup: CatalogLookup = catalogLookup({ categories: [], movies: [] });
  #categories: CategoryRow[] = [];
  #loadedAt = Number.NEGATIVE_INFINITY;
  #loading: Promise<void> | undefined;

  constructor(container: Container, options: CatalogCacheOptions = {}) {
    this.#container = container;
    this.#refreshMs = options.refreshMs ?? 60_000;
    this.#missRefreshMs = options.missRefreshMs ?? 5_000;
    this.#logger = options.logger;
  }

  /**
   * Makes sure the cache is loaded and knows these movies where it can: the first call waits for the
   * load; later ones reload in the background when it is old, or wait for a reload when a movie is missing.
   */
  async ensure(movieIds: readonly number[] = []): Promise<void> {
    const age = performance.now() - this.#loadedAt;
    if (!Number.isFinite(age)) return await this.#reload();
    const missing = movieIds.some((id) => this.#lookup.movieInfo(id) === undefined);
    if (missing && age >= this.#missRefreshMs) return await this.#reload();
    if (age >= this.#refreshMs) void this.#reload().catch(() => undefined);
  }

  /** Title and category of a movie; a movie the catalog does not know is `Movie <id>`, Unknown. */
  movieInfo(movieId: number): MovieInfo {
    return (
      this.#lookup.movieInfo(movieId) ?? {
        title: `Movie ${movieId}`,
        categoryId: UNKNOWN_CATEGORY.categoryId,
        categoryName: UNKNOWN_CATEGORY.name,
      }
    );
  }

  categoryName(categoryId: number): string {
    return this.#lookup.categoryName(categoryId) ?? `Category ${categoryId}`;
  }

  /** Every category in the catalog, by id. */
  categories(): readonly CategoryRow[] {
    return this.#categories;
  }

  #reload(): Promise<void> {
    this.#loading ??= this.#load().finally(() => (this.#loading = undefined));
    return this.#loading;
  }

  async #load(): Promise<void> {
    try {
      const [categories, movies] = await Promise.all([
        this.#query<CategoryRow>('category', 'SELECT c.categoryId, c.name FROM c'),
        this.#query<MovieRow>('movie', 'SELECT c.movieId, c.title, c.categoryId FROM c'),
      ]);
      this.#lookup = catalogLookup({ categories, movies });
      this.#categories = [...categories].sort((a, b) => a.categoryId - b.categoryId);
      this.#loadedAt = performance.now();
      this.#logger?.debug({ movies: movies.length, categories: categories.length }, 'catalog loaded');
    } catch (err) {
      // Reports still answer with ids and built-in names; the next call tries again.
      this.#logger?.warn({ err }, 'catalog could not be loaded');
    }
  }

  async #query<T>(type: 'movie' | 'category', query: string): Promise<T[]> {
    const { resources } = await this.#container.items.query<T>(query, { partitionKey: type }).fetchAll();
    return resources;
  }
}
