import type { ViewVersion } from './view-reader.ts';

/** Built reports kept (distinct parameters times the current hour or day); more start the map over. */
const KEPT = 1_000;

/** A report past the reader's ttl is still answered with while it is younger than this many ttls (and rebuilt). */
const STALE_FACTOR = 4;

/** Reports whose build is done (resolved or failed): a caller may skip guarding them against a slow store. */
const settled = new WeakSet<Promise<unknown>>();

/** Whether this promise (one `BuiltReports.get` handed out) is already settled. */
export const isSettled = (report: Promise<unknown>): boolean => settled.has(report);

interface Built {
  version: number;
  at: number;
  report: Promise<unknown>;
  /** The rebuild under way behind this (finished) report, if any. */
  next?: Promise<void>;
}

/**
 * Reports as last built, per key (the route and its parameters, the current hour or day): a busy route costs
 * a map lookup per request and one build per view change or doc ttl, whatever the request rate. A report is
 * reused while the reader's version is the one it was built at and it is younger than the reader's ttl; a
 * little older, it is still served while the next build runs behind (as the reader serves a doc it
 * refreshes), so no request waits on a rebuild in steady state. The same object is handed out while it is
 * reused, so what is made of it (its serialized body, its ETag) can be cached on its identity.
 */
export class BuiltReports {
  readonly #reader: ViewVersion;
  readonly #clock: () => number;
  readonly #built = new Map<string, Built>();
  /** Builds that succeeded: only those are served past the ttl. */
  readonly #done = new WeakSet<Built>();

  /** `clock`: a monotonic ms clock (tests pass their own). */
  constructor(reader: ViewVersion, clock: () => number = () => performance.now()) {
    this.#reader = reader;
    this.#clock = clock;
  }

  get<R>(key: string, build: () => Promise<R>): Promise<R> {
    const now = this.#clock();
    const ttl = this.#reader.docTtlMs;
    const version = this.#reader.version;
    const hit = this.#built.get(key);
    if (hit !== undefined && hit.version === version) {
      const age = now - hit.at;
      if (age < ttl) return hit.report as Promise<R>;
      if (age < STALE_FACTOR * ttl && this.#done.has(hit)) {
        hit.next ??= this.#rebuildBehind(key, hit, version, now, build);
        return hit.report as Promise<R>;
      }
    }
    const entry = this.#build(version, now, build);
    // A failed build is not kept: the next request tries again.
    entry.report.catch(() => {
      if (this.#built.get(key) === entry) this.#built.delete(key);
    });
    this.#keep(key, entry);
    return entry.report as Promise<R>;
  }

  /** Forget every report (category names changed: the reports that show them must be built again). */
  clear(): void {
    this.#built.clear();
  }

  #build(version: number, at: number, build: () => Promise<unknown>): Built {
    const entry: Built = { version, at, report: build() };
    entry.report.then(
      () => {
        this.#done.add(entry);
        settled.add(entry.report);
      },
      () => settled.add(entry.report),
    );
    return entry;
  }

  /** The successor replaces the served report once built (unless something newer took its place meanwhile). */
  async #rebuildBehind(
    key: string,
    served: Built,
    version: number,
    at: number,
    build: () => Promise<unknown>,
  ): Promise<void> {
    const entry = this.#build(version, at, build);
    try {
      await entry.report;
      if (this.#built.get(key) === served) this.#keep(key, entry);
    } catch {
      // Served on until it is too old; then a request builds it (and sees the failure).
    } finally {
      served.next = undefined;
    }
  }

  #keep(key: string, entry: Built): void {
    if (this.#built.size >= KEPT && !this.#built.has(key)) this.#built.clear();
    this.#built.set(key, entry);
  }
}
