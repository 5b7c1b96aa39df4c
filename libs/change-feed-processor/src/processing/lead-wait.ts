// The readers of each range of a SharedFeedReads, and where each of them reads next: so that a reader that ran
// ahead of the others of its range waits for them (a bounded time) before it reads a new page from the store.
//
// Why: readers of one range that drift apart hold one page each, and the pages the leader read are kept for the
// others until they take them. In a burst the five views of the projector drifted by several pages of 2,000
// changes per range, and those pages were most of its memory. A leader that waits until the others have taken
// the pages it already took keeps a range at about two pages: the one the slowest reader is applying and the
// next one. It waits for readers behind it on its own chain of pages (following the kept pages from a reader's
// position leads to the leader's). A wait that runs out lets the leader read on, and its range runs apart
// without waiting until the readers meet again (nobody behind, or a page taken by every reader), so a stuck
// reader delays the others once, not on every page.
//
// While catching up (its last page was full), it also waits for a reader standing before it by LSN (positions
// are comparable, see feed-position.ts): one that started elsewhere, such as a lease handed over from its own
// checkpoint. The wait gives it the time to catch up and cut its page where the leader stands (join-cut.ts),
// after which they share pages. A wait for such a reader that runs out marks it outrun: it is not waited for by
// LSN again until it reads where others read (a kept page, another reader's position), so a reader far behind
// (a rebuild from the beginning) delays the others once, and does not hold the range apart (the chain waits of
// the others go on as before). At the head (pages not full) there is no such wait: it would tie each reader's
// latency to the polls and handlers of the slowest, and a reader behind meets the others there anyway, its
// page reaching where they stand.
import type { PositionLsn } from './feed-position.ts';

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
  /** A wait for it (behind by LSN) ran out: not waited for by LSN until it reads where others read again. */
  outrun: boolean;
  /** Its last page was full (or it read none yet): only then does it wait for readers behind it by LSN. */
  catchingUp: boolean;
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
  readonly #positionLsn: PositionLsn;

  constructor(
    maxWaitMs: number,
    maxChain: number,
    onLeave: (group: string) => void,
    positionLsn: PositionLsn = () => undefined,
  ) {
    this.#maxWaitMs = maxWaitMs;
    this.#maxChain = maxChain;
    this.#onLeave = onLeave;
    this.#positionLsn = positionLsn;
  }

  /** `from`: where the reader starts, when known (it is then known to the others before its first read). */
  join(group: string, from?: { scope: string; position: string }): ReaderState {
    const readers = this.#readers.get(group) ?? new Set<ReaderState>();
    this.#readers.set(group, readers);
    const reader: ReaderState = {
      group,
      position: from?.position,
      scope: from?.scope,
      outrun: false,
      catchingUp: true,
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

  /**
   * `reader` is about to read at its position, where a page is kept (`kept`) or not: reading where others read
   * (that page, or another reader's position), an outrun reader is with them again.
   */
  arrived(reader: ReaderState, kept: boolean): void {
    if (!reader.outrun) return;
    const others = this.of(reader.group);
    const withOthers = (other: ReaderState): boolean =>
      other !== reader && other.scope === reader.scope && other.position === reader.position;
    if (kept || [...others].some(withOthers)) reader.outrun = false;
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
    for (;;) {
      const behind = this.#behind(reader, scope, position, nextOf);
      if (behind.onChain.length === 0 && behind.byLsn.length === 0) break;
      if (this.#apart.has(reader.group) || signal?.aborted === true) return;
      const left = deadline - performance.now();
      const change = left <= 0 ? 'timeout' : await this.#change(reader.group, left, signal);
      if (change === 'aborted') return;
      if (change === 'timeout') {
        this.#ranOut(reader.group, behind);
        return;
      }
    }
    this.#apart.delete(reader.group);
  }

  /**
   * A wait ran out: readers behind on the chain hold the range apart (until they meet again); every reader
   * that was waited for is outrun, so that it is not waited for by LSN on the next page either.
   */
  #ranOut(group: string, behind: Behind): void {
    if (behind.onChain.length > 0) this.#apart.add(group);
    for (const reader of [...behind.onChain, ...behind.byLsn]) reader.outrun = true;
    // Other leaders waiting for the same readers stop waiting too.
    this.moved(group);
  }

  /**
   * The other readers of the range that have yet to come where `me` reads: those whose kept pages lead to
   * `position` (they have yet to take pages `me` took), and, while `me` catches up, those standing before it
   * by LSN (not outrun).
   */
  #behind(me: ReaderState, scope: string, position: string, nextOf: NextOf): Behind {
    const behind: Behind = { onChain: [], byLsn: [] };
    const mine = me.catchingUp ? this.#positionLsn(position) : undefined;
    for (const other of this.#readers.get(me.group) ?? []) {
      if (other === me || other.scope !== scope || other.position === undefined) continue;
      if (this.#onChainTo(other.position, scope, position, nextOf)) {
        behind.onChain.push(other);
        continue;
      }
      const theirs = other.outrun || mine === undefined ? undefined : this.#positionLsn(other.position);
      if (theirs !== undefined && mine !== undefined && theirs < mine) behind.byLsn.push(other);
    }
    return behind;
  }

  /** Following the kept pages from `from` comes to `position`. */
  #onChainTo(from: string, scope: string, position: string, nextOf: NextOf): boolean {
    let at: string | undefined = from;
    for (let step = 0; step < this.#maxChain && at !== undefined && at !== position; step += 1) {
      at = nextOf(scope, at);
      if (at === position) return true;
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

/** Who a leader waits for. */
interface Behind {
  readonly onChain: ReaderState[];
  readonly byLsn: ReaderState[];
}
