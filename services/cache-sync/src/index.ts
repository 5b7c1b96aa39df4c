export { closeClients, createClients, type SyncClients } from './clients.ts';
export { startCacheSync, type CacheSync, type CacheSyncOptions } from './cache-sync.ts';
export { loadCacheSyncConfig, SYNC_MODES, type CacheSyncConfig, type SyncMode } from './config.ts';
export { isContinuationTooOld, categoryHandler } from './feed.ts';
