export type { CachedCategoryList, Category, CategoryDocument } from './category.ts';
export {
  buildList,
  compareCategories,
  decideWrite,
  isLive,
  maxLsn,
  sameItems,
  toCategory,
  type CacheHead,
  type CacheWrite,
  type WriteDecision,
} from './rules.ts';
export {
  effectOf,
  effectOfLatest,
  effectOfVersioned,
  planBatch,
  type BatchPlan,
  type ChangeEffect,
  type FeedMode,
  type LatestChange,
  type VersionedChange,
} from './changes.ts';
export { cacheKeys, DEFAULT_PREFIX, type CacheKeys } from './keys.ts';
export { WRITE_SCRIPT } from './lua.ts';
export {
  RedisCategoryCache,
  type CategoryCacheOptions,
  type ItemLookup,
  type WriteResult,
} from './redis-cache.ts';
export {
  DEFAULT_INVALIDATION_CHANNEL,
  decodeInvalidation,
  encodeInvalidation,
  type InvalidationMessage,
} from './invalidation.ts';
export { LocalCopy, snapshotOf, type ListSnapshot } from './local-copy.ts';
export {
  CategoryReader,
  type CategoryReaderOptions,
  type ListRead,
  type OneRead,
  type ReaderObserver,
  type ReadSource,
} from './reader.ts';
