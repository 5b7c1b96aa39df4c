// The leases this instance owns and what happens to them: acquire (start a PartitionProcessor), renew, hand over
// on request, release, replace by children after a split. Every write goes through the lease's HeldLease queue.
import type { Container, FeedRange } from '@azure/cosmos';
import type { Logger } from 'pino';
import { describeError } from '../lease/cosmos-errors.ts';
import { HeldLease } from '../lease/held-lease.ts';
import type { FeedRangeBounds, LeaseDocument } from '../lease/lease-document.ts';
import type { LeaseStore } from '../lease/lease-store.ts';
import { childLeases } from '../lease/splitting.ts';
import {
  notify,
  type ChangeFeedObserver,
  type LeaseAcquireReason,
  type LeaseEvent,
  type LeaseReleaseReason,
  type LeaseStatus,
} from '../observability/observer.ts';
import type { ChangeFeedHandler } from '../processing/handler.ts';
import { PartitionProcessor } from '../processing/partition-processor.ts';
import type { ResolvedOptions } from './options.ts';

export interface OwnedLeasesDeps {
  readonly store: LeaseStore;
  readonly monitored: Container;
  readonly processorName: string;
  readonly instanceName: string;
  readonly handler: ChangeFeedHandler<unknown>;
  readonly options: ResolvedOptions;
  readonly logger: Logger;
  readonly observer: ChangeFeedObserver | undefined;
  readonly currentRanges: () => readonly FeedRange[];
  /** Asks for an early balancing round (after a split created child leases). */
  readonly wakeBalancer: () => void;
}

interface Held {
  readonly lease: HeldLease;
  readonly partition: PartitionProcessor;
  releasing: boolean;
  /** A renewal of this lease is queued or in flight: the next tick skips it rather than queue another. */
  renewing: boolean;
}

export class OwnedLeases {
  readonly #d: OwnedLeasesDeps;
  readonly #held = new Map<string, Held>();
  /** Leases whose handler outlived stopTimeoutMs: still recorded as ours, never re-adopted until it ends. */
  readonly #zombies = new Set<string>();
  /** Renewals and handovers started by the renew loop, awaited by releaseAll(). */
  readonly #background = new Set<Promise<void>>();

  constructor(deps: OwnedLeasesDeps) {
    this.#d = deps;
  }

  /** Ids not to acquire again: processed here, or still running after a timed-out stop. */
  busyIds(): Set<string> {
    return new Set([...this.#held.keys(), ...this.#zombies]);
  }

  has(id: string): boolean {
    return this.#held.has(id);
  }

  statuses(): LeaseStatus[] {
    return [...this.#held.values()].map((h) => h.partition.status());
  }

  async acquire(lease: LeaseDocument, reason: LeaseAcquireReason): Promise<void> {
    const { instanceName, options, store } = this.#d;
    const at = Date.now();
    const outcome = await store.replace({
      ...lease,
      owner: instanceName,
      handoverTo: null,
      handoverAt: null,
      timestamp: at,
      ownershipVersion: lease.ownershipVersion + (lease.owner === instanceName ? 0 : 1),
    });
    if (!outcome.ok) {
      this.#d.logger.debug(
        { lease: lease.leaseToken, reason: outcome.reason },
        'lease taken by another instance first',
      );
      return;
    }
    const held = new HeldLease(store, instanceName, outcome.lease, at, options.leaseExpirationMs);
    this.#start(held);
    this.#d.logger.info({ lease: lease.leaseToken, reason, from: lease.owner }, 'lease acquired');
    notify(this.#d.observer, 'leaseAcquired', { ...this.#eventOf(outcome.lease), reason });
  }

  /** Cooperative steal: ask the owner to hand the lease over after its current batch (see balancing.ts). True: asked. */
  async requestHandover(lease: LeaseDocument): Promise<boolean> {
    const outcome = await this.#d.store.replace({
      ...lease,
      handoverTo: this.#d.instanceName,
      handoverAt: Date.now(),
    });
    this.#d.logger.info(
      { lease: lease.leaseToken, owner: lease.owner, accepted: outcome.ok },
      'asked owner to hand over lease',
    );
    return outcome.ok;
  }

  async release(id: string, reason: LeaseReleaseReason): Promise<void> {
    const held = this.#held.get(id);
    if (held !== undefined) await this.#giveUp(held, null, reason);
  }

  /** Graceful stop of every owned lease: finish batches in flight, then free the leases. */
  async releaseAll(): Promise<void> {
    await Promise.all([...this.#held.values()].map((held) => this.#giveUp(held, null, 'stop')));
    await Promise.all(this.#background);
  }

  /**
   * Starts a renewal of every owned lease that has none pending (each notices losses and handover requests),
   * without waiting for them: a lease whose renewal is slow (queued behind its checkpoint write, say) must not
   * hold back the renewal of the others. releaseAll() awaits them.
   */
  renewDue(handoversAllowed: boolean): void {
    for (const held of this.#held.values()) {
      if (held.renewing) continue;
      held.renewing = true;
      this.#inBackground(
        this.#renew(held, handoversAllowed).finally(() => {
          held.renewing = false;
        }),
      );
    }
  }

  /**
   * A lease confirmed (checkpointed) within the last half renew interval is not renewed this round: the next
   * round is at most 1.5 intervals after that confirmation, well inside the self-fencing margin (expiration
   * minus one interval) when the expiration is three intervals or more. Checkpoints still notice a takeover
   * or a handover request (their 412 re-reads the lease), so nothing is noticed later than before; idle leases
   * are renewed as before. Under load this saves one lease write per lease and interval.
   */
  #renewalSkipMs(): number {
    const { leaseRenewIntervalMs, leaseExpirationMs } = this.#d.options;
    return leaseExpirationMs >= 3 * leaseRenewIntervalMs ? leaseRenewIntervalMs / 2 : 0;
  }

  async #renew(held: Held, handoversAllowed: boolean): Promise<void> {
    try {
      const result = await held.lease.renew(Date.now, this.#renewalSkipMs());
      if (!result.ok && result.lost !== undefined) {
        held.partition.lose(result.lost);
        return;
      }
    } catch (error) {
      this.#failed(held.lease.doc, 'renew', error);
      return;
    }
    const { handoverTo } = held.lease.doc;
    if (handoverTo !== null && !held.releasing && handoversAllowed) {
      this.#d.logger.info(
        { lease: held.lease.doc.leaseToken, to: handoverTo },
        'handing lease over on request',
      );
      // Not awaited: the batch in flight may take a while, and the other leases must keep being renewed
      // (this one too, until it is written over).
      this.#inBackground(this.#giveUp(held, handoverTo, 'handover'));
    }
  }

  #start(lease: HeldLease): void {
    const { monitored, handler, options, observer, processorName, instanceName } = this.#d;
    const partition = new PartitionProcessor({
      lease,
      monitored,
      handler,
      options,
      logger: this.#d.logger.child({ lease: lease.doc.leaseToken }),
      observer,
      processorName,
      instanceName,
      currentRanges: this.#d.currentRanges,
      now: Date.now,
      random: Math.random,
      onSplit: (children) => this.#split(lease, children),
      onLost: (reason) => {
        if (this.#held.get(lease.id)?.lease === lease) this.#held.delete(lease.id);
        notify(observer, 'leaseLost', { ...this.#eventOf(lease.doc), reason });
      },
    });
    const held: Held = { lease, partition, releasing: false, renewing: false };
    this.#held.set(lease.id, held);
    partition.start();
    void partition.finished.then(() => {
      // Normal ends (stop, handover, loss, split) have already taken the lease off the map. Anything else is a
      // bug; free the lease rather than keep renewing a range nobody reads.
      if (this.#held.get(lease.id) === held && !held.releasing) {
        this.#d.logger.error(
          { lease: lease.doc.leaseToken },
          'partition loop ended unexpectedly; freeing lease',
        );
        this.#inBackground(this.#giveUp(held, null, 'error'));
      }
    });
  }

  /** Stops the lease's processing gracefully, then writes it over to `to` (or frees it). Never rejects. */
  async #giveUp(held: Held, to: string | null, reason: LeaseReleaseReason): Promise<void> {
    if (held.releasing) return;
    held.releasing = true;
    const outcome = await held.partition.stop(this.#d.options.stopTimeoutMs);
    const { id } = held.lease;
    if (outcome === 'timed-out') {
      // The handler is still running: leave the lease to expire rather than let another instance overlap it.
      this.#d.logger.warn(
        { lease: held.lease.doc.leaseToken },
        'handler did not finish within stopTimeoutMs',
      );
      this.#held.delete(id);
      this.#zombies.add(id);
      void held.partition.finished.then(() => this.#zombies.delete(id));
      return;
    }
    if (held.lease.lost !== undefined) return;
    try {
      const result = await held.lease.transfer(to, Date.now);
      if (result.ok) notify(this.#d.observer, 'leaseReleased', { ...this.#eventOf(held.lease.doc), reason });
    } catch (error) {
      this.#failed(held.lease.doc, 'release', error);
    } finally {
      if (this.#held.get(id) === held) this.#held.delete(id);
    }
  }

  /** Replaces a split lease by its children (created free, with the parent's continuation), then deletes it. */
  async #split(lease: HeldLease, children: FeedRangeBounds[]): Promise<boolean> {
    try {
      for (const child of childLeases(lease.doc, children, Date.now()))
        await this.#d.store.createIfAbsent(child);
      const removed = await lease.remove();
      if (!removed.ok && removed.lost === undefined) return false;
      if (this.#held.get(lease.id)?.lease === lease) this.#held.delete(lease.id);
      notify(this.#d.observer, 'leaseReleased', { ...this.#eventOf(lease.doc), reason: 'split' });
      this.#d.wakeBalancer();
      return true;
    } catch (error) {
      this.#failed(lease.doc, 'split', error);
      return false;
    }
  }

  #inBackground(work: Promise<void>): void {
    this.#background.add(work);
    void work.finally(() => this.#background.delete(work));
  }

  #failed(lease: LeaseDocument, operation: 'renew' | 'release' | 'split', error: unknown): void {
    this.#d.logger.warn(
      { err: error, lease: lease.leaseToken },
      `${operation} failed: ${describeError(error)}`,
    );
    notify(this.#d.observer, 'operationFailed', { ...this.#eventOf(lease), error, operation });
  }

  #eventOf(lease: LeaseDocument): LeaseEvent {
    return {
      processorName: this.#d.processorName,
      instanceName: this.#d.instanceName,
      leaseToken: lease.leaseToken,
      feedRange: lease.feedRange,
    };
  }
}
