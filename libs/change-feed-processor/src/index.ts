// Public API of @marquee/change-feed-processor.
export {
  ChangeFeedProcessor,
  ChangeFeedProcessorBuilder,
  createChangeFeedProcessor,
  ensureLeaseContainer,
} from './processor/index.ts';
export { SharedFeedReads } from './processing/index.ts';
export type { SharedReader, SharedReadsOptions } from './processing/index.ts';
export type {
  ChangeFeedProcessorConfig,
  ColocationOption,
  ProcessorOptions,
  StartFrom,
} from './processor/index.ts';
export type {
  AllVersionsChange,
  BackoffPolicy,
  ChangeFeedContext,
  ChangeFeedHandler,
  ChangeFeedModeName,
  ChangeOf,
  ItemMetadata,
  LatestVersionChange,
  LsnSpan,
  OperationType,
} from './processing/index.ts';
export type {
  BatchEvent,
  ChangeFeedObserver,
  ErrorEvent,
  HandlerErrorEvent,
  LagEstimate,
  LeaseAcquireReason,
  LeaseEvent,
  LeaseLossReason,
  LeaseReleaseReason,
  LeaseStatus,
  ProcessorStatus,
  StallEvent,
} from './observability/index.ts';
// Lease documents and the pure decisions, for tooling and for anyone inspecting a lease container by hand.
export {
  childLeases,
  childRangesOf,
  decodeLease,
  deleteLeases,
  encodeLease,
  isExpired,
  LeaseColocation,
  leasePrefixOf,
  listLeases,
  missingRanges,
  placementOf,
  planBalancing,
} from './lease/index.ts';
export type {
  AnchorSnapshot,
  BalancingInput,
  BalancingPlan,
  FeedRangeBounds,
  LeaseDocument,
  LeaseFormat,
  LeaseScope,
  StoredLease,
} from './lease/index.ts';
