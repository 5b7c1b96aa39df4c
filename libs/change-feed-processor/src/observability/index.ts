export { notify } from './observer.ts';
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
} from './observer.ts';
