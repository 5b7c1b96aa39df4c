// movieId → categoryId, followed from the `catalog` container's change feed so movies added after start are
// picked up. Each replica reads the whole feed with its own pull iterator (no leases: every replica needs
// every movie, and the catalog is small). A background poll keeps it fresh; before a batch that names an
// unknown product, `ensureKnown` pulls the feed to its head first, so a movie added just before its first
// order is not counted under Unknown.
import { ChangeFeedStartFrom, type ChangeFeedPullModelIterator, type Container } from '@azure/cosmos';
import type { Logger } from 'pino';

interface CatalogItem {
  type?: unknown;
  movieId?: unknown;
  categoryId?: unknown;
}

export interface CatalogFollowerOptions {
  pollIntervalMs?: number;
  logger: Logger;
  onPull?: (reason: 'poll' | 'unknown-product', changes: number) => void;
}

export class CatalogFollower {
  readonly #container: Container;
  readonly #options: CatalogFollowerOptions;
  readonly #categories = new Map<number, number>();
  #iterator: ChangeFeedPullModelIterator<CatalogItem> | undefined;
  /** Pulls run one after another: a pull asked for must start after the ask, not merely overlap it. */
  #queue: Promise<unknown> = Promise.resolve();
  #timer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(container: Container, options: CatalogFollowerOptions) {
    this.#container = container;
    this.#options = options;
  }

  /** The movie's category, undefined when the catalog does not (yet) have it. */
  readonly categoryOf = (movieId: number): number | undefined => this.#categories.get(movieId);

  get size(): number {
    return this.#categories.size;
  }

  /** Reads the whole catalog feed to its head, then keeps polling it in the background. */
  async start(): Promise<void> {
    await this.pull('poll');
    this.#schedule();
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    await this.#queue.catch(() => undefined);
  }

  /** Pulls the feed to its head when any of these products is unknown. */
  async ensureKnown(movieIds: Iterable<number>): Promise<void> {
    for (const id of movieIds) {
      if (!this.#categories.has(id)) {
        await this.pull('unknown-product');
        return;
      }
    }
  }

  /** Reads every change not seen yet (until the feed answers 304). Resolves with how many there were. */
  pull(reason: 'poll' | 'unknown-product'): Promise<number> {
    const run = this.#queue.then(() => this.#readToHead(reason));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #readToHead(reason: 'poll' | 'unknown-product'): Promise<number> {
    this.#iterator ??= this.#container.items.getChangeFeedIterator<CatalogItem>({
      changeFeedStartFrom: ChangeFeedStartFrom.Beginning(),
      maxItemCount: 1_000,
    });
    let changes = 0;
    try {
      for (;;) {
        const page = await this.#iterator.readNext();
        if (page.statusCode === 304 || page.result.length === 0) break;
        for (const item of page.result) this.#apply(item);
        changes += page.result.length;
      }
    } catch (err) {
      this.#iterator = undefined; // start over next time: re-reading the catalog is cheap and idempotent
      throw err;
    }
    this.#options.onPull?.(reason, changes);
    if (changes > 0)
      this.#options.logger.debug({ reason, changes, movies: this.size }, 'catalog changes read');
    return changes;
  }

  #apply(item: CatalogItem): void {
    if (item.type !== 'movie' || typeof item.movieId !== 'number') return;
    // A movie taken off sale keeps its category: its past and late orders still belong there.
    if (typeof item.categoryId === 'number') this.#categories.set(item.movieId, item.categoryId);
  }

  #schedule(): void {
    if (this.#closed) return;
    this.#timer = setTimeout(() => {
      this.pull('poll').then(
        () => this.#schedule(),
        (err: unknown) => {
          this.#options.logger.warn({ err }, 'catalog poll failed; retrying');
          this.#schedule();
        },
      );
    }, this.#options.pollIntervalMs ?? 5_000);
    this.#timer.unref();
  }
}
