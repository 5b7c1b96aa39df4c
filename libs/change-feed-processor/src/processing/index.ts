export { backoffDelay, pause } from './backoff.ts';
export type { BackoffPolicy } from './backoff.ts';
export { etagLsn, lsnOf, lsnSpanOf, newestTimestampMs, sessionTokenLsn } from './changes.ts';
export type {
  AllVersionsChange,
  ChangeFeedModeName,
  ChangeOf,
  ItemMetadata,
  LatestVersionChange,
  LsnSpan,
  OperationType,
} from './changes.ts';
export type { ChangeFeedContext, ChangeFeedHandler } from './handler.ts';
export { PartitionProcessor } from './partition-processor.ts';
export type { PartitionDeps } from './partition-processor.ts';
export { SharedFeedReads } from './shared-reads.ts';
export type { FeedPage, PagePosition, SharedReader, SharedReadsOptions } from './shared-reads.ts';
