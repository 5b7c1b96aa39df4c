// The Redis adapter: reads the cache and writes it through the compare-and-set script.
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { CachedCategoryList, Category } from './category.ts';
import { cacheKeys, DEFAULT_PREFIX, type CacheKeys } from './keys.ts';
import { WRITE_SCRIPT } from './lua.ts';
import type { CacheHead, CacheWrite } from './rules.ts';

const COMMAND = 'marqueeCategoryCacheWrite';

type WithWriteCommand = Redis & {
  [COMMAND](...args: Array<string | number>): Promise<[number, string, string]>;
};

export interface CategoryCacheOptions {
  /** Key prefix (inside a hash tag); default `marquee:categories`. */
  prefix?: string;
  /** Safety TTL on every key, seconds; undefined or 0 = none (the change feed keeps the cache current). */
  ttlSeconds?: number | undefined;
}

export interface WriteResult {
  written: boolean;
  /** The version cached after the call (the new one, or the one that won); undefined when nothing is cached. */
  version: number | undefined;
  writeId: string | undefined;
}

/** One category's lookup: `absent` when the list is not cached at all (then the store must answer). */
export type ItemLookup =
  { state: 'absent' } | { state: 'present'; version: number; category: Category | undefined };

export class RedisCategoryCache {
  readonly keys: CacheKeys;
  readonly #redis: WithWriteCommand;
  readonly #ttlSeconds: number;

  constructor(redis: Redis, options: CategoryCacheOptions = {}) {
    this.keys = cacheKeys(options.prefix ?? DEFAULT_PREFIX);
    this.#ttlSeconds = options.ttlSeconds ?? 0;
    if (!Number.isInteger(this.#ttlSeconds) || this.#ttlSeconds < 0) {
      throw new RangeError(`ttlSeconds must be a non-negative integer, got ${options.ttlSeconds}`);
    }
    // EVALSHA with a fallback to EVAL when Redis (restarted, flushed) no longer knows the script.
    redis.defineCommand(COMMAND, { numberOfKeys: 2, lua: WRITE_SCRIPT });
    this.#redis = redis as WithWriteCommand;
  }

  /** The cached list, or undefined when Redis holds none. */
  async read(): Promise<CachedCategoryList | undefined> {
    const hash = await this.#redis.hgetall(this.keys.list);
    if (hash.items === undefined || hash.version === undefined) return undefined;
    return {
      items: JSON.parse(hash.items) as Category[],
      version: Number(hash.version),
      writeId: hash.writeId ?? '',
      writtenAt: hash.writtenAt ?? '',
    };
  }

  async head(): Promise<CacheHead | undefined> {
    const [version, writeId] = await this.#redis.hmget(this.keys.list, 'version', 'writeId');
    if (version === null || version === undefined) return undefined;
    return { version: Number(version), writeId: writeId ?? '' };
  }

  /** One category from its own key; the list's version is read in the same transaction. */
  async readOne(categoryId: number): Promise<ItemLookup> {
    const results = await this.#redis
      .multi()
      .hget(this.keys.list, 'version')
      .get(this.keys.item(categoryId))
      .exec();
    if (results === null) throw new Error('category cache: transaction aborted');
    for (const [err] of results) if (err) throw err;
    const version = results[0]?.[1] as string | null;
    const item = results[1]?.[1] as string | null;
    if (version === null) return { state: 'absent' };
    return {
      state: 'present',
      version: Number(version),
      category: item === null ? undefined : (JSON.parse(item) as Category),
    };
  }

  /** Writes the list if `write` allows it (rules.ts `decideWrite`, applied atomically in Redis). */
  async write(items: readonly Category[], write: CacheWrite, writtenAt: Date): Promise<WriteResult> {
    const writeId = randomUUID();
    const pairs = items.flatMap((c) => [String(c.categoryId), JSON.stringify(c)]);
    const expected = write.kind === 'repair' ? (write.expected?.writeId ?? '') : '';
    const [written, version, currentWriteId] = await this.#redis[COMMAND](
      this.keys.list,
      this.keys.ids,
      write.kind,
      String(write.version),
      expected,
      writeId,
      writtenAt.toISOString(),
      this.#ttlSeconds,
      JSON.stringify(items),
      this.keys.itemPrefix,
      ...pairs,
    );
    return {
      written: written === 1,
      version: version === '' ? undefined : Number(version),
      writeId: currentWriteId === '' ? undefined : currentWriteId,
    };
  }

  /** Removes every key of the cache (tests and operators). */
  async clear(): Promise<void> {
    const ids = await this.#redis.smembers(this.keys.ids);
    await this.#redis.del(this.keys.list, this.keys.ids, ...ids.map((id) => this.keys.item(id)));
  }
}
