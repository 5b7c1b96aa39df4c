// The readers of each range of a SharedFeedReads, and where each of them reads next: so that a reader that ran
// ahead of the others of its range waits for them (a bounded time) before it reads a new page from the store.
//
// Why: readers of one range that drift apart hold one page each, and the pages the leader read are kept for the
// others until they take them. In a burst the five views of the projector drifted by several pages of 2,000
// changes per range, and those pages were most of its memory. A leader that waits until the others have taken
// the pages it already took keeps a range at about two pages: the one the slowest reader is applying and the
// next one. It waits only for readers behind it on its own chain of pages (following the kept pages from a
// reader's position leads to the leader's): a reader elsewhere (a new generation reading old positions, a
// reader that read on its own) is not waited for, and never waits for the others either. A wait that runs out
// lets the leader read on, and its range runs apart without waiting until the readers meet again (nobody
// behind, or a page taken by every reader), so a stuck reader delays the others once, not on every page.

/** One reader of a range (a lease of one processor), as SharedFeedReads knows it. */
export interface SharedReader {
  readonly group: string;
  /** Stops counting as a reader of the range: no page is kept for it, no one waits for it. */
  leave(): void;
}

export interface ReaderState extends SharedReader {
  /** Where its next read starts (undefined until its first read) and the scope it reads in. */
  position: string | undefined;
  scope: string | undefined;
}

/** The continuation of the page kept for `scope` at `position` (undefined: no such page in memory). */
export type NextOf = (scope: string, position: string) => string | undefined;

export class ReaderLeads {
  readonly #readers = new Map<string, Set<ReaderState>>();
  readonly #waiters = new Map<string, Set<() => void>>();
  /** Ranges whose readers run apart since a wait ran out, until they meet again. */
  readonly #apart = new Set<string>();
  readonly #maxWaitMs: number;
  readonly #maxChain: number;

  readonly #onLeave: (group: string) => void;

  constructor(maxWaitMs: number, maxChain: number, onLeave: (group: string) => void) {
    this.#maxWaitMs = maxWaitMs;
    this.#maxChain = maxChain;
    this.#onLeave = onLeave;
  }

  /** `from`: where the reader starts, when known (it is then known to the others before its first read). */
  join(group: string, from?: { scope: string; position: string }): ReaderState {
    const readers = this.#readers.get(group) ?? new Set<ReaderState>();
    this.#readers.set(group, readers);
    const reader: ReaderState = {
      group,
      position: from?.position,
      scope: from?.scope,
      leave: () => {
        if (!readers.delete(reader)) return;
        if (readers.size === 0 && this.#readers.get(group) === readers) this.#readers.delete(group);
        this.#onLeave(group);
        this.moved(group);
      },
    };
    readers.add(reader);
    return reader;
  }

  count(group: string): number {
    return this.#readers.get(group)?.size ?? 0;
  }

  of(group: string): ReadonlySet<ReaderState> {
    return this.#readers.get(group) ?? new Set();
  }

  /** A reader of `group` moved, took a page or left: waiters look again. */
  moved(group: string): void {
    for (const wake of [...(this.#waiters.get(group) ?? [])]) wake();
  }

  /** Every reader of the range took a page: they meet again. */
  met(group: string): void {
    this.#apart.delete(group);
  }

  /** Before `reader` reads a page of `scope` at `position` from the store: wait for the readers behind it. */
  async waitForLaggards(
    reader: ReaderState,
    scope: string,
    position: string,
    nextOf: NextOf,
    signal: AbortSignal | undefined,
  ): Promise<void> {
    if (this.#maxWaitMs <= 0) return;
    const deadline = performance.now() + this.#maxWaitMs;
    while (this.#someoneBehind(reader, scope, position, nextOf)) {
      if (this.#apart.has(reader.group) || signal?.aborted === true) return;
      const left = deadline - performance.now();
      const change = left <= 0 ? 'timeout' : await this.#change(reader.group, left, signal);
      if (change === 'aborted') return;
      if (change === 'timeout') {
        this.#apart.add(reader.group);
        return;
      }
    }
    this.#apart.delete(reader.group);
  }

  /** Another reader of the range whose kept pages lead to `position`: it has yet to take pages this one took. */
  #someoneBehind(me: ReaderState, scope: string, position: string, nextOf: NextOf): boolean {
    for (const other of this.#readers.get(me.group) ?? []) {
      if (other === me || other.scope !== scope || other.position === undefined) continue;
      let at: string | undefined = other.position;
      for (let step = 0; step < this.#maxChain && at !== undefined && at !== position; step += 1) {
        at = nextOf(scope, at);
        if (at === position) return true;
      }
    }
    return false;
  }

  /** Whichever comes first: a reader of `group` moves, `ms` runs out, the signal fires. */
  #change(
    group: string,
    ms: number,
    signal: AbortSignal | undefined,
  ): Promise<'moved' | 'timeout' | 'aborted'> {
    const waiters = this.#waiters.get(group) ?? new Set<() => void>();
    this.#waiters.set(group, waiters);
    return new Promise((resolve) => {
      const done = (why: 'moved' | 'timeout' | 'aborted'): void => {
        clearTimeout(timer);
        waiters.delete(wake);
        if (waiters.size === 0 && this.#waiters.get(group) === waiters) this.#waiters.delete(group);
        signal?.removeEventListener('abort', aborted);
        resolve(why);
      };
      const wake = (): void => done('moved');
      const aborted = (): void => done('aborted');
      const timer = setTimeout(() => done('timeout'), ms);
      waiters.add(wake);
      signal?.addEventListener('abort', aborted, { once: true });
    });
  }
}
