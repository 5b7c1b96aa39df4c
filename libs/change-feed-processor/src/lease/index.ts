export { planBalancing, byPreference } from './balancing.ts';
export type { AcquireReason, BalancingInput, BalancingPlan } from './balancing.ts';
export { HeldLease } from './held-lease.ts';
export type { LeaseLoss, UpdateResult } from './held-lease.ts';
export {
  isExpired,
  isLeaseOf,
  leaseIdOf,
  leaseTokenOf,
  liveOwnerOf,
  newLease,
  LEASE_SCHEMA_VERSION,
} from './lease-document.ts';
export type { FeedRangeBounds, LeaseDocument } from './lease-document.ts';
export { LeaseStore } from './lease-store.ts';
export type { WriteOutcome } from './lease-store.ts';
export {
  childContinuation,
  childLeases,
  childRangesOf,
  missingRanges,
  parseContinuation,
} from './splitting.ts';
export type { ContinuationEntry, ParsedContinuation } from './splitting.ts';
