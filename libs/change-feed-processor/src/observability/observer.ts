// What the processor reports, as a small observer interface. Every method is optional; adapters for
// prom-client, OpenTelemetry or anything else live in the application, not here.
import type { FeedRangeBounds } from '../lease/lease-document.ts';
import type { LsnSpan } from '../processing/changes.ts';

export interface LeaseEvent {
  readonly processorName: string;
  readonly instanceName: string;
  readonly leaseToken: string;
  readonly feedRange: FeedRangeBounds;
}

/** `adopt`: the lease was recorded as ours (handed over to us on request, or ours before a restart). */
/** `steal`: taken from an owner that left a handover request unanswered (a .NET or Java processor). */
export type LeaseAcquireReason = 'free' | 'expired' | 'adopt' | 'steal';
/** `error`: the range's processing loop ended unexpectedly (a bug); the lease is freed to be taken again. */
export type LeaseReleaseReason = 'stop' | 'handover' | 'split' | 'over-capacity' | 'error';
export type LeaseLossReason = 'taken' | 'deleted' | 'renew-overdue';

export interface BatchEvent extends LeaseEvent {
  readonly items: number;
  readonly lsn: LsnSpan;
  /** Handler time of the successful attempt, ms. */
  readonly handlerMs: number;
  /** Attempts it took (1 = first try succeeded). */
  readonly attempts: number;
  readonly lag: LagEstimate;
}

export interface HandlerErrorEvent extends LeaseEvent {
  readonly error: unknown;
  readonly attempt: number;
  readonly retryInMs: number;
  readonly lsn: LsnSpan;
}

/** A lease that has had work in hand without progress for longer than `stallThresholdMs`. */
export interface StallEvent extends LeaseEvent {
  /** How long it has gone without progress, ms. */
  readonly stalledMs: number;
  /** The last failure (handler or feed read), when there was one. */
  readonly error: unknown;
}

export interface ErrorEvent extends LeaseEvent {
  readonly error: unknown;
  readonly operation: 'read' | 'checkpoint' | 'renew' | 'acquire' | 'release' | 'split';
}

/**
 * Lag estimate for a lease. `lsn`: LSNs between the last delivered change and the newest the server reported
 * in the page's session token (≈ writes still unread; 0 when the feed answered 304). `ms`: age of the newest
 * delivered change when it was delivered, from `_ts` (second resolution; 0 when caught up). Either may be
 * undefined when the backend does not report the needed header or nothing was read yet.
 */
export interface LagEstimate {
  readonly lsn: number | undefined;
  readonly ms: number | undefined;
}

export interface ChangeFeedObserver {
  leaseAcquired?(event: LeaseEvent & { readonly reason: LeaseAcquireReason }): void;
  leaseReleased?(event: LeaseEvent & { readonly reason: LeaseReleaseReason }): void;
  leaseLost?(event: LeaseEvent & { readonly reason: LeaseLossReason }): void;
  batchProcessed?(event: BatchEvent): void;
  handlerFailed?(event: HandlerErrorEvent): void;
  /** Feed reads, checkpoints, renewals and balancing writes that failed (they are retried). */
  operationFailed?(event: ErrorEvent): void;
  /** The feed had nothing new for the lease (HTTP 304). */
  idle?(event: LeaseEvent & { readonly lag: LagEstimate }): void;
  /** Once per stall, when a retried failure finds the lease past the threshold (see `stallThresholdMs`). */
  leaseStalled?(event: StallEvent): void;
  /** The stalled lease made progress again (a batch delivered, or the feed read to its head). */
  leaseRecovered?(event: LeaseEvent & { readonly stalledMs: number }): void;
}

export interface LeaseStatus {
  readonly leaseToken: string;
  readonly feedRange: FeedRangeBounds;
  readonly state: 'starting' | 'processing' | 'retrying' | 'stopping';
  readonly itemsProcessed: number;
  readonly batchesProcessed: number;
  readonly handlerErrors: number;
  readonly readErrors: number;
  readonly lastHandlerMs: number | undefined;
  readonly lastBatchAt: number | undefined;
  readonly lastCheckpointAt: number | undefined;
  readonly lastLsn: number | undefined;
  readonly lag: LagEstimate;
  /**
   * How long the lease has had work in hand (a batch being delivered, a feed read being retried) without
   * progress, ms; 0 when it is idle at the head of its range or just made progress.
   */
  readonly stalledMs: number;
  /** `stalledMs` is past the processor's `stallThresholdMs`. */
  readonly stalled: boolean;
}

export interface ProcessorStatus {
  readonly processorName: string;
  readonly instanceName: string;
  readonly state: 'stopped' | 'starting' | 'running' | 'stopping';
  /** Leases this instance processes now. */
  readonly leases: readonly LeaseStatus[];
  /** From the last balancing round: every lease of the processor and who owns it (null = free or expired). */
  readonly allLeases: ReadonlyArray<{ readonly leaseToken: string; readonly owner: string | null }>;
  readonly lastBalancingAt: number | undefined;
}

/** Calls an observer method, never letting an observer bug break processing. */
export function notify<K extends keyof ChangeFeedObserver>(
  observer: ChangeFeedObserver | undefined,
  method: K,
  event: Parameters<NonNullable<ChangeFeedObserver[K]>>[0],
): void {
  const fn = observer?.[method] as ((e: typeof event) => void) | undefined;
  if (fn === undefined) return;
  try {
    fn.call(observer, event);
  } catch {
    // An observer must not be able to stop the feed.
  }
}
