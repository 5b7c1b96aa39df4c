// Reads one lease's feed range and feeds the handler, one page at a time:
//   read page → deliver (retrying with capped exponential backoff until it succeeds) → checkpoint → the wait the
//   handler asked for, if any → next page.
// The checkpoint is written only after the handler resolved, and only while the lease is still ours (the write
// is ETag-conditional), so every change is delivered at least once and a stale owner never moves a checkpoint.
import type { Container, FeedRange } from '@azure/cosmos';
import type { Logger } from 'pino';
import type { HeldLease, LeaseLoss } from '../lease/held-lease.ts';
import type { FeedRangeBounds } from '../lease/lease-document.ts';
import { childRangesOf, parseContinuation } from '../lease/splitting.ts';
import {
  notify,
  type ChangeFeedObserver,
  type LeaseEvent,
  type LeaseLossReason,
  type LeaseStatus,
} from '../observability/observer.ts';
import type { ResolvedOptions } from '../processor/options.ts';
import { backoffDelay, pause } from './backoff.ts';
import { etagLsn, lsnSpanOf, newestTimestampMs, sessionTokenLsn, type LsnSpan } from './changes.ts';
import { pageReader, type PageReader } from './page-reader.ts';
import type { FeedPage } from './shared-reads.ts';
import type { ChangeFeedHandler } from './handler.ts';
import { LeaseStats } from './lease-stats.ts';
import { describeError } from '../lease/cosmos-errors.ts';

export interface PartitionDeps {
  readonly lease: HeldLease;
  readonly monitored: Container;
  readonly handler: ChangeFeedHandler<unknown>;
  readonly options: ResolvedOptions;
  readonly logger: Logger;
  readonly observer: ChangeFeedObserver | undefined;
  readonly processorName: string;
  readonly instanceName: string;
  /** Latest `getFeedRanges()` result, refreshed by the balancing loop. */
  readonly currentRanges: () => readonly FeedRange[];
  readonly now: () => number;
  readonly random: () => number;
  /** Called between batches when the lease's range has split; true once child leases replaced this one. */
  readonly onSplit: (children: FeedRangeBounds[]) => Promise<boolean>;
  /** Called once when the lease turns out to be lost; the loop ends without checkpointing. */
  readonly onLost: (reason: LeaseLossReason) => void;
}

export class PartitionProcessor {
  readonly stats = new LeaseStats();
  readonly #d: PartitionDeps;
  readonly #abort = new AbortController();
  readonly #event: LeaseEvent;
  #stopping = false;
  /** Set when stop() gave up waiting: a handler finishing later must not checkpoint any more. */
  #closed = false;
  #lostReported = false;
  #done: Promise<void> = Promise.resolve();
  #reader: PageReader | undefined;
  /** When the handler of the batch just delivered asked the next read to come (ChangeFeedContext.readNextAfter). */
  #nextReadAt: number | undefined;

  constructor(deps: PartitionDeps) {
    this.#d = deps;
    const doc = deps.lease.doc;
    this.#event = {
      processorName: deps.processorName,
      instanceName: deps.instanceName,
      leaseToken: doc.leaseToken,
      feedRange: doc.feedRange,
    };
  }

  status(): LeaseStatus {
    const { lease, options } = this.#d;
    return this.stats.snapshot(
      lease.doc.leaseToken,
      lease.doc.feedRange,
      this.#d.now(),
      options.stallThresholdMs,
    );
  }

  get finished(): Promise<void> {
    return this.#done;
  }

  start(): void {
    this.#done = this.#run().catch((error: unknown) => {
      this.#d.logger.error({ err: error }, 'partition loop crashed');
    });
  }

  /** Graceful: fire the signal, let the batch in flight finish (checkpointed only if it succeeded). */
  async stop(timeoutMs: number): Promise<'clean' | 'timed-out'> {
    this.#stopping = true;
    this.stats.state = 'stopping';
    this.#abort.abort(new Error('change feed processor stopping'));
    const timer = new AbortController();
    const clean = await Promise.race([
      this.#done.then(() => true),
      pause(timeoutMs, timer.signal).then(() => false),
    ]);
    timer.abort(); // do not keep the process alive for the rest of the timeout
    if (!clean) this.#closed = true;
    return clean ? 'clean' : 'timed-out';
  }

  /** The lease belongs to someone else now: abort at once, never checkpoint again. */
  lose(reason: LeaseLoss | 'renew-overdue'): void {
    this.#d.lease.markLost(reason === 'renew-overdue' ? 'taken' : reason);
    this.#stopping = true;
    this.#closed = true;
    this.#abort.abort(new Error(`lease lost (${reason})`));
    this.#reportLost(reason);
  }

  async #run(): Promise<void> {
    try {
      await this.#loop();
    } finally {
      this.#dropReader();
    }
  }

  /** Reads from the checkpoint again next time (the reader's own position may have moved on a failed page). */
  #dropReader(): void {
    this.#reader?.close();
    this.#reader = undefined;
  }

  async #loop(): Promise<void> {
    const { lease, options, logger } = this.#d;
    let readFailures = 0;
    /** The last read found the range at its head (see ChangeFeedContext.afterIdle). */
    let idle = false;
    this.stats.state = 'processing';
    while (!this.#stopping) {
      if (!this.#ownershipValid()) return;
      const children = childRangesOf(lease.doc, this.#d.currentRanges());
      if (children.length > 0) {
        logger.info({ children: children.length }, 'feed range split; replacing lease by child leases');
        if (await this.#d.onSplit(children)) return;
        await pause(options.retry.initialMs * 10, this.#abort.signal);
        continue;
      }
      let page: FeedPage;
      try {
        this.#reader ??= pageReader({
          monitored: this.#d.monitored,
          options,
          feedRange: lease.doc.feedRange,
          continuation: lease.doc.continuation,
          currentRanges: this.#d.currentRanges,
          signal: this.#abort.signal,
        });
        page = await this.#reader.readNext();
        if (page.statusCode !== 200 && page.statusCode !== 304) {
          throw Object.assign(new Error(`change feed read returned ${page.statusCode}`), {
            code: page.statusCode,
          });
        }
        readFailures = 0;
      } catch (error) {
        this.#dropReader();
        readFailures += 1;
        this.stats.readErrors += 1;
        logger.warn(
          { err: error, attempt: readFailures },
          `change feed read failed: ${describeError(error)}`,
        );
        notify(this.#d.observer, 'operationFailed', { ...this.#event, error, operation: 'read' });
        this.#noProgress(error);
        await pause(backoffDelay(options.retry, readFailures, this.#d.random()), this.#abort.signal);
        continue;
      }
      const token = page.continuationToken;
      if (page.statusCode === 304 || page.result.length === 0) {
        this.stats.lag = { lsn: 0, ms: 0 };
        this.#progressed(); // at the head of the range: nothing in hand
        notify(this.#d.observer, 'idle', { ...this.#event, lag: this.stats.lag });
        idle = true;
        // A lease's first position (read from "now", "beginning" of an empty range or a time) is persisted at once
        // so a restart keeps it, and so is a continuation the SDK split under us (410/1002), to split the lease.
        // Other 304s are not written: re-reading from the older token yields nothing new.
        const persist =
          lease.doc.continuation === null || entryCount(token) !== entryCount(lease.doc.continuation);
        if (persist && token !== undefined && !(await this.#checkpoint(token))) return;
        await pause(
          options.pollDelay?.(this.#event.leaseToken) ?? options.pollIntervalMs,
          this.#abort.signal,
        );
        continue;
      }
      const span = lsnSpanOf(page.result, options.mode, {
        previousEtagLsn: etagLsn(singleEntryEtag(lease.doc.continuation)),
        pageEtagLsn: etagLsn(page.etag),
      });
      this.stats.pendingSince ??= this.#d.now();
      const delivered = await this.#deliver(page.result, span, page.sessionToken, idle);
      if (!delivered) return;
      idle = false;
      // (A page without a token cannot be checkpointed; the next page's checkpoint covers it.)
      if (token !== undefined && !(await this.#checkpoint(token))) return;
      this.#progressed();
      const wait = this.#nextReadAt === undefined ? 0 : this.#nextReadAt - this.#d.now();
      if (wait > 0) await pause(wait, this.#abort.signal);
    }
  }

  /** A failure while work is in hand: the stall clock runs (from the first failure of a read). */
  #noProgress(error: unknown): void {
    const { stats } = this;
    const now = this.#d.now();
    stats.pendingSince ??= now;
    const stalledMs = stats.stalledMs(now);
    if (stats.stallReported || stalledMs <= this.#d.options.stallThresholdMs) return;
    stats.stallReported = true;
    this.#d.logger.error(
      { err: error, stalledMs },
      `lease stalled: no progress for ${Math.round(stalledMs / 1000)} s: ${describeError(error)}`,
    );
    notify(this.#d.observer, 'leaseStalled', { ...this.#event, stalledMs, error });
  }

  #progressed(): void {
    const { stats } = this;
    if (stats.stallReported) {
      const stalledMs = stats.stalledMs(this.#d.now());
      this.#d.logger.info({ stalledMs }, 'lease progressing again after a stall');
      notify(this.#d.observer, 'leaseRecovered', { ...this.#event, stalledMs });
    }
    stats.pendingSince = undefined;
    stats.stallReported = false;
  }

  /** Runs the handler until it succeeds; false when stopped or lost first (then nothing is checkpointed). */
  async #deliver(
    changes: unknown[],
    lsn: LsnSpan,
    sessionToken: string | undefined,
    afterIdle: boolean,
  ): Promise<boolean> {
    const { options, logger, lease } = this.#d;
    for (let attempt = 1; ; attempt += 1) {
      if (this.#stopping || !this.#ownershipValid()) return false;
      const started = performance.now();
      this.#nextReadAt = undefined;
      try {
        await this.#d.handler(changes, {
          ...this.#event,
          lsn,
          signal: this.#abort.signal,
          attempt,
          afterIdle,
          readNextAfter: (ms) => void (this.#nextReadAt = this.#d.now() + ms),
          logger,
        });
      } catch (error) {
        this.stats.handlerErrors += 1;
        this.stats.state = 'retrying';
        if (this.#closed || lease.lost !== undefined) return false;
        const retryInMs = backoffDelay(options.retry, attempt, this.#d.random());
        logger.warn({ err: error, attempt, retryInMs, lsn }, `handler failed: ${describeError(error)}`);
        notify(this.#d.observer, 'handlerFailed', { ...this.#event, error, attempt, retryInMs, lsn });
        this.#noProgress(error);
        await pause(retryInMs, this.#abort.signal);
        continue;
      }
      const handlerMs = performance.now() - started;
      if (this.#closed) return false;
      const now = this.#d.now();
      const serverLsn = sessionTokenLsn(sessionToken);
      const newest = newestTimestampMs(changes, options.mode);
      this.stats.recordBatch(changes.length, handlerMs, now, lsn.maxLsn, {
        lsn: serverLsn === undefined ? undefined : Math.max(0, serverLsn - lsn.maxLsn),
        ms: newest === undefined ? undefined : Math.max(0, now - newest),
      });
      notify(this.#d.observer, 'batchProcessed', {
        ...this.#event,
        items: changes.length,
        lsn,
        handlerMs,
        attempts: attempt,
        lag: this.stats.lag,
      });
      return true;
    }
  }

  /** Writes the position after a delivered batch, retrying transient failures; false when stopped or lost. */
  async #checkpoint(token: string): Promise<boolean> {
    const { lease, options, logger } = this.#d;
    for (let attempt = 1; ; attempt += 1) {
      if (this.#closed || !this.#ownershipValid()) return false;
      try {
        const result = await lease.checkpoint(token, this.#d.now);
        if (result.ok) {
          this.stats.lastCheckpointAt = this.#d.now();
          return true;
        }
        if (result.lost !== undefined) {
          this.lose(result.lost);
          return false;
        }
      } catch (error) {
        logger.warn({ err: error, attempt }, `checkpoint failed: ${describeError(error)}`);
        notify(this.#d.observer, 'operationFailed', { ...this.#event, error, operation: 'checkpoint' });
        this.#noProgress(error);
      }
      if (this.#stopping) return false; // the batch will be delivered again by the next owner
      await pause(backoffDelay(options.retry, attempt, this.#d.random()), this.#abort.signal);
    }
  }

  /** Self-fencing: stop acting before others may consider the lease expired. */
  #ownershipValid(): boolean {
    const { lease, options } = this.#d;
    if (lease.lost !== undefined) {
      this.lose(lease.lost);
      return false;
    }
    if (!lease.isFresh(this.#d.now(), options.leaseRenewIntervalMs)) {
      this.lose('renew-overdue');
      return false;
    }
    return true;
  }

  #reportLost(reason: LeaseLossReason): void {
    if (this.#lostReported) return;
    this.#lostReported = true;
    this.#d.logger.warn({ reason }, 'lease lost; processing of its range stopped');
    this.#d.onLost(reason);
  }
}

function entryCount(token: string | null | undefined): number {
  return parseContinuation(token ?? null)?.Continuation.length ?? 0;
}

/** The per-range ETag of a single-range continuation, for the LSN fallback. */
function singleEntryEtag(continuation: string | null): string | undefined {
  const entries = parseContinuation(continuation)?.Continuation;
  return entries?.length === 1 ? (entries[0]?.continuationToken ?? undefined) : undefined;
}
