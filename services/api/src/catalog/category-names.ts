import type { FastifyBaseLogger as Logger } from 'fastify';
import type { Category } from '@marquee/domain';

/** Live categories' names by id. */
export type NameById = ReadonlyMap<number, string>;

/**
 * Category names for the reports, read the way `/api/categories` reads them (the category cache: this
 * process's copy, Redis, the store). So a rename or a soft delete reaches the reports as soon as cache-sync's
 * invalidation reaches this process, and soft-deleted categories are simply not there. If a read fails the
 * last list read is used, so a Redis or store hiccup does not fail reports that could still be answered.
 */
export class CategoryNames {
  readonly #list: () => Promise<{ items: readonly Category[] }>;
  readonly #logger: Logger | undefined;
  #last: { items: readonly Category[]; names: NameById } | undefined;

  constructor(list: () => Promise<{ items: readonly Category[] }>, logger?: Logger) {
    this.#list = list;
    this.#logger = logger;
  }

  async current(): Promise<NameById> {
    try {
      const { items } = await this.#list();
      // The cache hands out the same list object until it changes: build the map once per list.
      if (this.#last?.items !== items)
        this.#last = { items, names: new Map(items.map((c) => [c.categoryId, c.name])) };
      return this.#last.names;
    } catch (err) {
      if (this.#last === undefined) throw err;
      this.#logger?.warn({ err }, 'category names could not be read; using the last list');
      return this.#last.names;
    }
  }
}
