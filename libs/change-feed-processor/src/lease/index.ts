export { planBalancing, byPreference } from './balancing.ts';
export { LeaseColocation, placementOf } from './colocation.ts';
export type { AnchorSnapshot } from './colocation.ts';
export type { AcquireReason, BalancingInput, BalancingPlan } from './balancing.ts';
export { HeldLease } from './held-lease.ts';
export type { LeaseLoss, UpdateResult } from './held-lease.ts';
export { isExpired, leaseIdOf, leaseTokenOf, liveOwnerOf, newLease } from './lease-document.ts';
export { decodeLease, encodeLease, etagOf, sdkContinuation } from './lease-format.ts';
export type { LeaseFormat, StoredLease } from './lease-format.ts';
export { leasePrefixOf, resolveLeaseFormat, databaseRidOf } from './lease-prefix.ts';
export { bootstrapLeases } from './bootstrap.ts';
export { migrateOldLeases, needsMigration, MIGRATED_OWNER } from './migration.ts';
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
export { deleteLeases, leaseStoreOf, listLeases } from './inspect.ts';
export type { LeaseScope } from './inspect.ts';
