// Read-modify-write of one view doc under optimistic concurrency: read (or take the version this process
// last wrote), compute the next version, write it with If-Match (create when absent). A 412 or 409 means
// another writer got there first: re-read and compute again, with a short jittered backoff, a bounded number
// of times. The computation is pure and re-run on every attempt, so a retry can never apply anything twice.
//
// Group commit: updates of the same doc that arrive while a write of it is in flight (several leases of this
// process hitting the hot top-movies doc, say) wait, then go out together as one write that applies each of
// them in turn. Fewer writes, fewer conflicts, same result as writing them one by one.
import { setTimeout as sleep } from 'node:timers/promises';
import type { DocStore, Versioned } from './view-store.ts';
import { ConcurrencyError } from '@marquee/platform';

export type WriteResult = 'created' | 'replaced' | 'unchanged';

export type Update<T> = (current: T | undefined) => T | undefined;

export interface DocWriterOptions {
  /** Conflicts tolerated for one doc before the write fails (the batch is then retried by the processor). */
  maxConflicts?: number;
  /** Versions this process wrote last, kept to skip the read when no one else wrote since. */
  cacheSize?: number;
  /** Most updates folded into one write. */
  maxGroup?: number;
  onConflict?: (id: string, attempt: number) => void;
  /** Called once per write that landed (a group of updates is one write). */
  onWrite?: (id: string, result: 'created' | 'replaced') => void;
  random?: () => number;
}

interface Waiting<T> {
  update: Update<T>;
  resolve: (result: WriteResult) => void;
  reject: (err: unknown) => void;
}

export class DocWriter<T extends { id: string }> {
  readonly #store: DocStore<T>;
  readonly #queues = new Map<string, Waiting<T>[]>();
  readonly #cache = new Map<string, Versioned<T>>();
  readonly #maxConflicts: number;
  readonly #cacheSize: number;
  readonly #maxGroup: number;
  readonly #onConflict: DocWriterOptions['onConflict'];
  readonly #onWrite: DocWriterOptions['onWrite'];
  readonly #random: () => number;

  constructor(store: DocStore<T>, options: DocWriterOptions = {}) {
    this.#store = store;
    this.#maxConflicts = options.maxConflicts ?? 30;
    this.#cacheSize = options.cacheSize ?? 2_000;
    this.#maxGroup = options.maxGroup ?? 64;
    this.#onConflict = options.onConflict;
    this.#onWrite = options.onWrite;
    this.#random = options.random ?? Math.random;
  }

  /**
   * Applies `update` to the doc `id`: it gets the current version (undefined: absent) and returns the new one,
   * or undefined when there is nothing to write. Resolves once the write that includes it has landed.
   */
  update(id: string, update: Update<T>): Promise<WriteResult> {
    return new Promise<WriteResult>((resolve, reject) => {
      const queue = this.#queues.get(id);
      if (queue !== undefined) {
        queue.push({ update, resolve, reject });
        return;
      }
      this.#queues.set(id, [{ update, resolve, reject }]);
      void this.#drain(id);
    });
  }

  /** Forgets cached versions (e.g. after a generation's docs were deleted). */
  clear(): void {
    this.#cache.clear();
  }

  /** Writes the queued updates of `id`, a group at a time, until none are left. */
  async #drain(id: string): Promise<void> {
    for (;;) {
      const queue = this.#queues.get(id) ?? [];
      if (queue.length === 0) {
        this.#queues.delete(id);
        return;
      }
      const group = queue.splice(0, this.#maxGroup);
      try {
        const result = await this.#write(
          id,
          group.map((w) => w.update),
        );
        for (const w of group) w.resolve(result);
      } catch (err) {
        for (const w of group) w.reject(err);
      }
    }
  }

  async #write(id: string, updates: readonly Update<T>[]): Promise<WriteResult> {
    const combined: Update<T> = (current) => {
      let doc = current;
      let changed = false;
      for (const update of updates) {
        const next = update(doc);
        if (next !== undefined) {
          doc = next;
          changed = true;
        }
      }
      return changed ? doc : undefined;
    };
    let current = this.#cache.get(id) ?? (await this.#store.read(id));
    for (let conflicts = 0; ;) {
      const wanted = combined(current?.doc);
      if (wanted === undefined) return 'unchanged';
      const outcome =
        current === undefined
          ? await this.#store.create(wanted)
          : await this.#store.replace(wanted, current.etag);
      if (outcome.ok) {
        this.#remember(id, { doc: wanted, etag: outcome.etag });
        const result = current === undefined ? 'created' : 'replaced';
        this.#onWrite?.(id, result);
        return result;
      }
      this.#cache.delete(id);
      conflicts += 1;
      if (conflicts > this.#maxConflicts) {
        throw new ConcurrencyError(`view doc ${id}: still conflicting after ${this.#maxConflicts} attempts`);
      }
      this.#onConflict?.(id, conflicts);
      // A cached version that went stale is an expected miss, not contention: retry at once the first time.
      if (conflicts > 1) await sleep(Math.round((2 + this.#random() * 8) * Math.min(conflicts, 10)));
      current = await this.#store.read(id);
    }
  }

  #remember(id: string, version: Versioned<T>): void {
    this.#cache.delete(id);
    this.#cache.set(id, version);
    if (this.#cache.size > this.#cacheSize) {
      const oldest = this.#cache.keys().next().value;
      if (oldest !== undefined) this.#cache.delete(oldest);
    }
  }
}
