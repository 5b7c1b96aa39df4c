// Processor options, their defaults and validation (pure).
import type { Logger } from 'pino';
import type { ChangeFeedObserver } from '../observability/observer.ts';
import type { BackoffPolicy } from '../processing/backoff.ts';
import type { ChangeFeedModeName } from '../processing/changes.ts';
import type { SharedFeedReads } from '../processing/shared-reads.ts';
import type { LeaseColocation } from '../lease/colocation.ts';

/** Leases placed with the other processors of a group (see lease/colocation.ts). */
export interface ColocationOption {
  readonly group: LeaseColocation;
  /** The anchor balances as usual and publishes where its leases are; followers go where the anchor's are. */
  readonly role: 'anchor' | 'follower';
}

/** Where a lease without a checkpoint starts reading. All-versions-and-deletes mode only supports 'now'. */
export type StartFrom = 'beginning' | 'now' | Date;

export interface ProcessorOptions<M extends ChangeFeedModeName = ChangeFeedModeName> {
  /** Default 'beginning' in latest-version mode, 'now' in all-versions-and-deletes mode. */
  startFrom?: StartFrom;
  /** Page size asked of the feed (a page can hold more when changes were written in one transaction). Default 100. */
  maxItemCount?: number;
  /**
   * Changes asked of the store per request, when fewer than `maxItemCount`: a full response is followed at once
   * by the next, up to `maxItemCount` changes, and the handler gets them as one page (one batch, one
   * checkpoint). Same batches, smaller responses: each response's body and decoded changes are garbage sooner,
   * while they are still young (cheaper to collect, and less of them at once). Default `maxItemCount`.
   */
  readItemCount?: number;
  /** Wait after the feed reports nothing new for a lease. Default 1000 ms. */
  pollIntervalMs?: number;
  /**
   * The wait after a read of this lease found nothing new, asked at each such read (undefined: pollIntervalMs).
   * Several processors of one feed (with `sharedReads`) can end it at points in time they agree on, so their
   * reads of a range keep meeting and share pages, as `ChangeFeedContext.readNextAfter` does after a batch.
   */
  pollDelay?: (leaseToken: string) => number | undefined;
  /** How often owned leases are renewed. Default 17 000 ms. */
  leaseRenewIntervalMs?: number;
  /** A lease not renewed for this long may be taken over. Default 60 000 ms. */
  leaseExpirationMs?: number;
  /** How often leases are listed and balanced. Default 13 000 ms. */
  leaseAcquireIntervalMs?: number;
  /** Default 'latestVersion'. */
  mode?: M;
  /** pino logger; the processor logs through child loggers carrying processor, instance and lease. */
  logger?: Logger;
  metrics?: ChangeFeedObserver;
  /** Retry policy for a failing handler and failing feed reads. Default 100 ms doubling up to 30 s. */
  retry?: Partial<BackoffPolicy>;
  /** How long stop() waits for handlers in flight before giving up on them. Default 30 000 ms. */
  stopTimeoutMs?: number;
  /** Upper bound on leases one instance takes. Default unbounded. */
  maxLeasesPerInstance?: number;
  /**
   * A lease with work in hand (a batch being delivered, or a feed read failing) that makes no progress for
   * this long is reported stalled: `leaseStalled` on the observer, `stalled` in getStatus(). Default 60 000 ms.
   */
  stallThresholdMs?: number;
  /**
   * Host name of the account endpoint as the .NET or Java processors of the same fleet were configured with it
   * (part of the lease ids). Default: the host of the endpoint this client was created with.
   */
  endpointHost?: string;
  /**
   * Pages shared with the other processors of this process that hold the same object and read the same
   * container in the same mode and page size (one feed, several consumers): a page is read and decoded once
   * for all of them. Default: none, each lease reads its own pages. See SharedFeedReads.
   */
  sharedReads?: SharedFeedReads;
  /**
   * What the handler gets of each change, applied once per page as it is read (a shared page: once for all
   * its readers), before the page is held in memory: e.g. a copy without the big fields no handler reads, so
   * pages waiting in a burst cost less. The LSN and `_ts` must be kept (lag and batch spans). Default: as read.
   */
  trimChange?: (change: unknown) => unknown;
  /**
   * Each feed range's lease placed with the instance that holds the same range's lease of the group's anchor
   * processor, so that processors sharing reads (`sharedReads`) read every range in one place in the fleet.
   * Default: none, the leases are balanced on their own. See lease/colocation.ts.
   */
  colocation?: ColocationOption;
}

export interface ResolvedOptions {
  readonly startFrom: StartFrom;
  readonly maxItemCount: number;
  /** At most maxItemCount. */
  readonly readItemCount: number;
  readonly pollIntervalMs: number;
  readonly pollDelay: ((leaseToken: string) => number | undefined) | undefined;
  readonly leaseRenewIntervalMs: number;
  readonly leaseExpirationMs: number;
  readonly leaseAcquireIntervalMs: number;
  readonly mode: ChangeFeedModeName;
  readonly retry: BackoffPolicy;
  readonly stopTimeoutMs: number;
  readonly maxLeasesPerInstance: number | undefined;
  readonly stallThresholdMs: number;
  readonly endpointHost: string | undefined;
  readonly sharedReads: SharedFeedReads | undefined;
  readonly trimChange: ((change: unknown) => unknown) | undefined;
  readonly colocation: ColocationOption | undefined;
}

export function resolveOptions(options: ProcessorOptions): ResolvedOptions {
  const mode = options.mode ?? 'latestVersion';
  if (mode !== 'latestVersion' && mode !== 'allVersionsAndDeletes') {
    throw new TypeError(`mode must be 'latestVersion' or 'allVersionsAndDeletes', got ${String(mode)}`);
  }
  const startFrom = options.startFrom ?? (mode === 'allVersionsAndDeletes' ? 'now' : 'beginning');
  if (!(startFrom === 'beginning' || startFrom === 'now' || startFrom instanceof Date)) {
    throw new TypeError(`startFrom must be 'beginning', 'now' or a Date`);
  }
  if (mode === 'allVersionsAndDeletes' && startFrom !== 'now') {
    // The service (and the SDK) only serve this mode from "now" or from a saved continuation.
    throw new RangeError(`all-versions-and-deletes mode can only start from 'now'`);
  }
  const maxItemCount = positive('maxItemCount', options.maxItemCount ?? 100);
  const resolved: ResolvedOptions = {
    startFrom,
    mode,
    maxItemCount,
    readItemCount: Math.min(positive('readItemCount', options.readItemCount ?? maxItemCount), maxItemCount),
    pollIntervalMs: positive('pollIntervalMs', options.pollIntervalMs ?? 1_000),
    pollDelay: options.pollDelay,
    leaseRenewIntervalMs: positive('leaseRenewIntervalMs', options.leaseRenewIntervalMs ?? 17_000),
    leaseExpirationMs: positive('leaseExpirationMs', options.leaseExpirationMs ?? 60_000),
    leaseAcquireIntervalMs: positive('leaseAcquireIntervalMs', options.leaseAcquireIntervalMs ?? 13_000),
    stopTimeoutMs: positive('stopTimeoutMs', options.stopTimeoutMs ?? 30_000),
    stallThresholdMs: positive('stallThresholdMs', options.stallThresholdMs ?? 60_000),
    maxLeasesPerInstance:
      options.maxLeasesPerInstance === undefined
        ? undefined
        : positive('maxLeasesPerInstance', options.maxLeasesPerInstance),
    endpointHost: options.endpointHost,
    sharedReads: options.sharedReads,
    trimChange: options.trimChange,
    colocation: options.colocation,
    retry: {
      initialMs: positive('retry.initialMs', options.retry?.initialMs ?? 100),
      maxMs: positive('retry.maxMs', options.retry?.maxMs ?? 30_000),
      factor: positive('retry.factor', options.retry?.factor ?? 2),
    },
  };
  if (resolved.leaseRenewIntervalMs * 2 > resolved.leaseExpirationMs) {
    // The owner fences itself one renew interval before expiry; it needs at least one more renewal in between.
    throw new RangeError('leaseExpirationMs must be at least twice leaseRenewIntervalMs');
  }
  return resolved;
}

function positive(name: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new RangeError(`${name} must be a positive number, got ${String(value)}`);
  }
  return value;
}
