// The in-process (L1) copy of the list. It is dropped on every invalidation, and a read that started before an
// invalidation may not store what it read: each drop bumps a generation, and `offer` takes the generation the
// read started in. Without a live subscription (Redis down, reconnecting) the copy is never used, because
// invalidations could be missed. No I/O and no clock of its own: `now` is passed in.
import type { Category } from './category.ts';

export interface ListSnapshot {
  items: Category[];
  version: number;
  /** By categoryId, for single-category reads. */
  byId: ReadonlyMap<number, Category>;
}

export class LocalCopy {
  readonly #maxAgeMs: number;
  #snapshot: ListSnapshot | undefined;
  #storedAt = 0;
  #generation = 0;
  #enabled = false;

  /** `maxAgeMs` bounds how long a copy lives even if an invalidation were lost. */
  constructor(maxAgeMs: number) {
    this.#maxAgeMs = maxAgeMs;
  }

  get generation(): number {
    return this.#generation;
  }

  get enabled(): boolean {
    return this.#enabled;
  }

  /** Called when the subscription is live (true) or lost (false); either way the copy is dropped. */
  setEnabled(enabled: boolean): void {
    this.#enabled = enabled;
    this.invalidate();
  }

  invalidate(): void {
    this.#generation += 1;
    this.#snapshot = undefined;
  }

  get(now: number): ListSnapshot | undefined {
    if (!this.#enabled || this.#snapshot === undefined) return undefined;
    if (now - this.#storedAt > this.#maxAgeMs) {
      this.#snapshot = undefined;
      return undefined;
    }
    return this.#snapshot;
  }

  /** Keeps the list if nothing invalidated it since the read began (`generation` taken before reading). */
  offer(items: Category[], version: number, generation: number, now: number): boolean {
    if (!this.#enabled || generation !== this.#generation) return false;
    this.#snapshot = snapshotOf(items, version);
    this.#storedAt = now;
    return true;
  }
}

export function snapshotOf(items: Category[], version: number): ListSnapshot {
  return { items, version, byId: new Map(items.map((c) => [c.categoryId, c])) };
}
