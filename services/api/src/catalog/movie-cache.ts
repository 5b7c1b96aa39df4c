import type { FastifyBaseLogger as Logger } from 'fastify';
import { unknownMovieTitle, type MovieDoc } from '@marquee/domain';

export interface MovieCacheOptions {
  /** Reload every movie this often; default 60 s. */
  refreshMs?: number;
  /** A movie missing from the cache reloads the movies at most this often; default 5 s. */
  missRefreshMs?: number;
  logger?: Logger;
}

export interface MovieTitle {
  title: string;
  categoryId: number;
}

/**
 * Movie titles and categories for the reports, held in memory: the movies are a few hundred docs (one
 * single-partition query) and change rarely, so they are reloaded every minute, and early when a report
 * names a movie the cache does not know (a movie added since the last load). Category names are not kept
 * here: they come from the category cache, which cache-sync keeps as fresh as `/api/categories`.
 */
export class MovieCache {
  readonly #load: () => Promise<MovieDoc[]>;
  readonly #refreshMs: number;
  readonly #missRefreshMs: number;
  readonly #logger: Logger | undefined;
  #movies = new Map<number, MovieTitle>();
  #loadedAt = Number.NEGATIVE_INFINITY;
  #loading: Promise<void> | undefined;

  constructor(load: () => Promise<MovieDoc[]>, options: MovieCacheOptions = {}) {
    this.#load = load;
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
    const missing = movieIds.some((id) => !this.#movies.has(id));
    if (missing && age >= this.#missRefreshMs) return await this.#reload();
    if (age >= this.#refreshMs) void this.#reload().catch(() => undefined);
  }

  /** A movie's title and category; a movie the catalog does not know is `Movie <id>` in category 0. */
  movie(movieId: number): MovieTitle {
    return this.#movies.get(movieId) ?? { title: unknownMovieTitle(movieId), categoryId: 0 };
  }

  #reload(): Promise<void> {
    this.#loading ??= this.#reloadNow().finally(() => (this.#loading = undefined));
    return this.#loading;
  }

  async #reloadNow(): Promise<void> {
    try {
      const movies = await this.#load();
      this.#movies = new Map(movies.map((m) => [m.movieId, { title: m.title, categoryId: m.categoryId }]));
      this.#loadedAt = performance.now();
      this.#logger?.debug({ movies: movies.length }, 'movies loaded');
    } catch (err) {
      // Reports still answer, with `Movie <id>` for what is not loaded; the next call tries again.
      this.#logger?.warn({ err }, 'movies could not be loaded');
    }
  }
}
