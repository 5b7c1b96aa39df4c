// A lease this instance owns. All writes to it (renew, checkpoint, handover, release) go through one queue, so
// they never race each other for the ETag; a 412 therefore always means another instance wrote the document.
import type { LeaseDocument } from './lease-document.ts';
import type { LeaseStore } from './lease-store.ts';

export type LeaseLoss = 'taken' | 'deleted';

/** `lost` undefined: the write did not happen (repeated conflicts) but the lease is still ours; retry later. */
export type UpdateResult =
  { readonly ok: true } | { readonly ok: false; readonly lost: LeaseLoss | undefined };

export class HeldLease {
  readonly #store: LeaseStore;
  readonly #me: string;
  readonly #expirationMs: number;
  #doc: LeaseDocument;
  #queue: Promise<unknown> = Promise.resolve();
  #lost: LeaseLoss | undefined;
  /** Set once the lease was written over to another owner or freed: no further writes from us. */
  #released = false;
  /** Local time at which the last successful write was sent; the lease is ours until this + expiration. */
  #confirmedAt: number;

  constructor(
    store: LeaseStore,
    me: string,
    acquired: LeaseDocument,
    confirmedAt: number,
    expirationMs: number,
  ) {
    this.#store = store;
    this.#me = me;
    this.#doc = acquired;
    this.#confirmedAt = confirmedAt;
    this.#expirationMs = expirationMs;
  }

  get doc(): LeaseDocument {
    return this.#doc;
  }

  get id(): string {
    return this.#doc.id;
  }

  get lost(): LeaseLoss | undefined {
    return this.#lost;
  }

  /**
   * Self-fencing: whether we may still act as owner. Others take the lease over once `timestamp + expiration`
   * has passed on their clock, so we stop dispatching and checkpointing `marginMs` before that.
   */
  isFresh(now: number, marginMs: number): boolean {
    return this.#lost === undefined && now < this.#confirmedAt + this.#expirationMs - marginMs;
  }

  /**
   * Moves the timestamp on. A renewal that waited in the queue behind a write that confirmed ownership after it
   * was asked for (a checkpoint, typically) has nothing left to do: that write already moved the timestamp.
   * With `recentMs`, neither has one asked for less than `recentMs` after the last confirmed write: a lease
   * checkpointing batch after batch needs no renewal writes of its own (its checkpoints move the timestamp).
   */
  renew(now: () => number, recentMs = 0): Promise<UpdateResult> {
    return this.update(now, (doc, at) => ({ ...doc, timestamp: at }), now() - recentMs);
  }

  checkpoint(continuation: string, now: () => number): Promise<UpdateResult> {
    return this.update(now, (doc, at) => ({ ...doc, continuation, timestamp: at }));
  }

  /** Gives the lease to `to` (a handover request) or frees it (`null`, graceful stop). */
  async transfer(to: string | null, now: () => number): Promise<UpdateResult> {
    const result = await this.update(now, (doc, at) => ({
      ...doc,
      owner: to,
      handoverTo: null,
      handoverAt: null,
      timestamp: at,
      ownershipVersion: doc.ownershipVersion + 1,
    }));
    if (result.ok) this.#released = true;
    return result;
  }

  /** Deletes the lease (after a split has created its children). */
  remove(): Promise<UpdateResult> {
    return this.#enqueue(async () => {
      if (this.#lost !== undefined) return { ok: false, lost: this.#lost };
      for (let tries = 0; tries < 3; tries += 1) {
        if (await this.#store.delete(this.#doc)) return { ok: true };
        const fresh = await this.#refresh();
        if (fresh !== undefined) return fresh;
      }
      return { ok: false, lost: undefined };
    });
  }

  /**
   * Applies `change` to the latest document with an ETag-conditional replace. On 412 the lease is re-read:
   * still ours (someone asked for a handover, which only sets `handoverTo`) → apply again on the new version;
   * owned by someone else or deleted → the lease is lost and stays lost. With `unlessConfirmedSince`, nothing is
   * written if a write sent at or after that time has already confirmed ownership.
   */
  update(
    now: () => number,
    change: (doc: LeaseDocument, at: number) => LeaseDocument,
    unlessConfirmedSince?: number,
  ): Promise<UpdateResult> {
    return this.#enqueue(async () => {
      for (let tries = 0; tries < 3; tries += 1) {
        if (this.#lost !== undefined) return { ok: false, lost: this.#lost };
        if (this.#released) return { ok: false, lost: undefined };
        if (unlessConfirmedSince !== undefined && this.#confirmedAt >= unlessConfirmedSince)
          return { ok: true };
        const at = now();
        const outcome = await this.#store.replace(change(this.#doc, at));
        if (outcome.ok) {
          this.#doc = outcome.lease;
          if (outcome.lease.owner === this.#me) this.#confirmedAt = at;
          return { ok: true };
        }
        if (outcome.reason === 'gone') return this.#lose('deleted');
        const fresh = await this.#refresh();
        if (fresh !== undefined) return fresh;
      }
      // Three conflicts in a row while still owner: give up this write; the caller retries later.
      return { ok: false, lost: undefined };
    });
  }

  markLost(reason: LeaseLoss): void {
    this.#lost ??= reason;
  }

  async #refresh(): Promise<UpdateResult | undefined> {
    const current = await this.#store.read(this.#doc.id);
    if (current === undefined) return this.#lose('deleted');
    if (current.owner !== this.#me) return this.#lose('taken');
    this.#doc = current;
    return undefined;
  }

  #lose(reason: LeaseLoss): UpdateResult {
    this.#lost ??= reason;
    return { ok: false, lost: this.#lost };
  }

  #enqueue<R>(work: () => Promise<R>): Promise<R> {
    const next = this.#queue.then(work, work);
    this.#queue = next.catch(() => undefined);
    return next;
  }
}
