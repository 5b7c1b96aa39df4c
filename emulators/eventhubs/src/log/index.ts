export { PartitionLog } from './partitionLog.ts';
export { partitionForKey } from './partitionKey.ts';
export { DEFAULT_RETENTION, eventsToDrop, resolveRetention, type RetentionConfig } from './retention.ts';
export { SegmentStore, type LoadedPartition } from './segmentStore.ts';
