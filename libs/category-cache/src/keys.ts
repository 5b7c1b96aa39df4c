// Key layout. Every key shares one hash tag, so the write script's keys live in one slot on a Redis Cluster too.

export interface CacheKeys {
  /** Hash: items (JSON list), version, writeId, writtenAt. */
  list: string;
  /** Set of the categoryIds that have their own key, so a write can drop the ones that went away. */
  ids: string;
  /** Prefix of the per-category keys (`<prefix><categoryId>` → JSON category). */
  itemPrefix: string;
  item(categoryId: number | string): string;
}

export const DEFAULT_PREFIX = 'marquee:categories';

export function cacheKeys(prefix = DEFAULT_PREFIX): CacheKeys {
  const tag = `{${prefix}}`;
  const itemPrefix = `${tag}:item:`;
  return {
    list: `${tag}:list`,
    ids: `${tag}:ids`,
    itemPrefix,
    item: (categoryId) => `${itemPrefix}${categoryId}`,
  };
}
