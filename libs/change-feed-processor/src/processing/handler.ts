// What a handler receives. The lease token and LSN span let consumers make their effects idempotent: a batch
// re-delivered after a crash or a lost lease carries the same lease token and an overlapping LSN span.
import type { Logger } from 'pino';
import type { FeedRangeBounds } from '../lease/lease-document.ts';
import type { LsnSpan } from './changes.ts';

export interface ChangeFeedContext {
  /** Stable id of the lease (its feed range), e.g. `-3FFFFFFFFFFFFFFF`; changes only when the range splits. */
  readonly leaseToken: string;
  readonly feedRange: FeedRangeBounds;
  /** LSNs of the first and last change in the batch. */
  readonly lsn: LsnSpan;
  /** Fires when the processor stops or the lease is lost; the batch will then not be checkpointed if it fails. */
  readonly signal: AbortSignal;
  /** 1 for the first delivery of this batch by this instance, 2+ for retries after the handler threw. */
  readonly attempt: number;
  /**
   * The read before this page found nothing new: the range had gone quiet and these changes are the first
   * since (false under steady traffic and when catching up). A handler that paces its batches to coalesce
   * steady traffic can apply such a batch at once, as it has nothing to wait for.
   */
  readonly afterIdle: boolean;
  /**
   * Asks for the lease's next page no sooner than `ms` from now: a handler pacing its batches says so here
   * instead of waiting before it resolves, so the batch is checkpointed at once and the wait ends with a read,
   * not with a checkpoint write in front of it. Cut short when the processor stops; the last call counts.
   */
  readNextAfter(ms: number): void;
  readonly processorName: string;
  readonly instanceName: string;
  /** Child logger carrying processor, instance and lease. */
  readonly logger: Logger;
}

export type ChangeFeedHandler<C> = (changes: C[], context: ChangeFeedContext) => Promise<void>;
