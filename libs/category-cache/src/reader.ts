// Cache-first reads: the L1 copy, then Redis, then the store (which also fills Redis through the CAS script).
// Redis down means BYPASS: straight to the store, never an error for the caller.
import type { Redis } from 'ioredis';
import type { Category, CategoryDocument } from './category.ts';
import { decodeInvalidation } from './invalidation.ts';
import { LocalCopy, snapshotOf, type ListSnapshot } from './local-copy.ts';
import type { RedisCategoryCache } from './redis-cache.ts';
import { buildList, maxLsn } from './rules.ts';

export type ReadSource = 'HIT-L1' | 'HIT-REDIS' | 'MISS' | 'BYPASS';

export interface ReaderObserver {
  read?(source: ReadSource): void;
  storeRead?(): void;
  /** An invalidation arrived; `delayMs` from the refreshed list's writtenAt, when known. */
  invalidated?(delayMs: number | undefined): void;
  /** A cache operation failed and the read fell back to the store. */
  cacheError?(err: unknown): void;
}

export interface CategoryReaderOptions {
  cache: RedisCategoryCache;
  /** The command connection (the cache's); its status tells whether Redis is reachable. */
  redis: Redis;
  /** A dedicated connection for SUBSCRIBE (a subscribed connection can run no other command). */
  subscriber: Redis;
  channel: string;
  loadFromStore: () => Promise<CategoryDocument[]>;
  l1MaxAgeMs?: number;
  observer?: ReaderObserver;
  now?: () => number;
}

export interface ListRead {
  items: Category[];
  version: number;
  source: ReadSource;
}

export interface OneRead {
  category: Category | undefined;
  version: number;
  source: ReadSource;
}

export class CategoryReader {
  readonly l1: LocalCopy;
  readonly #o: CategoryReaderOptions;
  readonly #now: () => number;
  #storeLoad: Promise<ListSnapshot> | undefined;
  #closed = false;

  constructor(options: CategoryReaderOptions) {
    this.#o = options;
    this.#now = options.now ?? Date.now;
    this.l1 = new LocalCopy(options.l1MaxAgeMs ?? 60_000);
  }

  /** Subscribes (again after every reconnect); the L1 copy is used only while the subscription is live. */
  start(): void {
    const { subscriber, channel } = this.#o;
    subscriber.on('message', (from: string, raw: string) => {
      if (from !== channel) return;
      this.l1.invalidate();
      const writtenAt = Date.parse(decodeInvalidation(raw).writtenAt ?? '');
      this.#o.observer?.invalidated?.(
        Number.isNaN(writtenAt) ? undefined : Math.max(0, Date.now() - writtenAt),
      );
    });
    subscriber.on('close', () => this.l1.setEnabled(false));
    subscriber.on('ready', () => {
      subscriber.subscribe(channel).then(
        () => !this.#closed && this.l1.setEnabled(true),
        (err: unknown) => this.#o.observer?.cacheError?.(err),
      );
    });
    if (subscriber.status === 'ready') subscriber.emit('ready');
  }

  close(): void {
    this.#closed = true;
    this.l1.setEnabled(false);
  }

  get redisUp(): boolean {
    return this.#o.redis.status === 'ready';
  }

  async list(): Promise<ListRead> {
    const local = this.l1.get(this.#now());
    if (local !== undefined)
      return this.#count({ items: local.items, version: local.version, source: 'HIT-L1' });
    if (!this.redisUp) return this.#count({ ...(await this.#fromStore(false)), source: 'BYPASS' });
    const generation = this.l1.generation;
    try {
      const cached = await this.#o.cache.read();
      if (cached !== undefined) {
        this.l1.offer(cached.items, cached.version, generation, this.#now());
        return this.#count({ items: cached.items, version: cached.version, source: 'HIT-REDIS' });
      }
    } catch (err) {
      this.#o.observer?.cacheError?.(err);
      return this.#count({ ...(await this.#fromStore(false)), source: 'BYPASS' });
    }
    return this.#count({ ...(await this.#fromStore(true, generation)), source: 'MISS' });
  }

  async one(categoryId: number): Promise<OneRead> {
    const local = this.l1.get(this.#now());
    if (local !== undefined) {
      return this.#count({ category: local.byId.get(categoryId), version: local.version, source: 'HIT-L1' });
    }
    // With a live subscription, the whole list is fetched once into L1 and later reads never leave the process.
    if (this.l1.enabled && this.redisUp) {
      const read = await this.list();
      const category = read.items.find((c) => c.categoryId === categoryId);
      return { category, version: read.version, source: read.source };
    }
    if (this.redisUp) {
      try {
        const found = await this.#o.cache.readOne(categoryId);
        if (found.state === 'present') return this.#count({ ...found, source: 'HIT-REDIS' });
        const loaded = await this.#fromStore(true, this.l1.generation);
        return this.#count({
          category: loaded.byId.get(categoryId),
          version: loaded.version,
          source: 'MISS',
        });
      } catch (err) {
        this.#o.observer?.cacheError?.(err);
      }
    }
    const loaded = await this.#fromStore(false);
    return this.#count({ category: loaded.byId.get(categoryId), version: loaded.version, source: 'BYPASS' });
  }

  /** One store read shared by concurrent misses; fills Redis (never over a newer list) and then L1. */
  async #fromStore(fill: boolean, generation = -1): Promise<ListSnapshot> {
    this.#storeLoad ??= (async () => {
      this.#o.observer?.storeRead?.();
      const docs = await this.#o.loadFromStore();
      return snapshotOf(buildList(docs), maxLsn(docs));
    })().finally(() => (this.#storeLoad = undefined));
    const snapshot = await this.#storeLoad;
    if (fill) {
      try {
        const result = await this.#o.cache.write(
          snapshot.items,
          { kind: 'newer', version: snapshot.version },
          new Date(),
        );
        if (result.written) this.l1.offer(snapshot.items, snapshot.version, generation, this.#now());
      } catch (err) {
        this.#o.observer?.cacheError?.(err);
      }
    }
    return snapshot;
  }

  #count<T extends { source: ReadSource }>(read: T): T {
    this.#o.observer?.read?.(read.source);
    return read;
  }
}
