// The `views` container as the projection uses it: partial view docs (read-modify-write, group commit), the
// top-movies ranking docs, the writers docs, and plain reads of other writers' partials.
import type { StoredRanking, StoredViewDoc, ViewWritersDoc } from '@marquee/domain';
import { DocWriter, type DocWriterOptions } from './doc-writer.ts';
import type { DocStore, Versioned } from './view-store.ts';
import { WriterRegistry } from './writer-registry.ts';

export interface ViewStoresOf {
  docs: DocStore<StoredViewDoc>;
  rankings: DocStore<StoredRanking>;
  writers: DocStore<ViewWritersDoc>;
}

export class ViewStores {
  readonly docs: DocWriter<StoredViewDoc>;
  readonly rankings: DocWriter<StoredRanking>;
  readonly writers: WriterRegistry;
  /** Partials known to exist already, so a split child reads its ancestors' partials once per doc. */
  readonly seeded = new BoundedSet(50_000);
  readonly #docs: DocStore<StoredViewDoc>;

  constructor(stores: ViewStoresOf, options: DocWriterOptions = {}) {
    this.#docs = stores.docs;
    this.docs = new DocWriter(stores.docs, options);
    this.rankings = new DocWriter(stores.rankings, options);
    this.writers = new WriterRegistry(stores.writers);
  }

  /** The stored version of a doc, read now (another writer's partial: never from this process's cache). */
  read(id: string): Promise<Versioned<StoredViewDoc> | undefined> {
    return this.#docs.read(id);
  }

  /** Forgets cached versions and registrations (a generation's docs were deleted). */
  clear(): void {
    this.docs.clear();
    this.rankings.clear();
    this.writers.clear();
    this.seeded.clear();
  }
}

/** A set that forgets everything once it holds `limit` entries (a cache of facts that stay true). */
class BoundedSet {
  readonly #items = new Set<string>();
  readonly #limit: number;

  constructor(limit: number) {
    this.#limit = limit;
  }

  has(item: string): boolean {
    return this.#items.has(item);
  }

  add(item: string): void {
    if (this.#items.size >= this.#limit) this.#items.clear();
    this.#items.add(item);
  }

  clear(): void {
    this.#items.clear();
  }
}
