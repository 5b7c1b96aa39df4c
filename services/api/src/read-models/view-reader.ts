import type { Container } from '@azure/cosmos';
import {
  generationsOf,
  GENERATIONS_DOC_ID,
  layoutsOf,
  viewsToRebuild,
  kindOfStoredId,
  storedViewId,
  writersDocId,
  writersOf,
  type CategoriesDoc,
  type FunnelDoc,
  type Generations,
  type OrdersDayDoc,
  type OrdersHourDoc,
  type StoredRanking,
  type StoredView,
  type ViewKind,
  viewOfWritersDocId,
} from '@marquee/domain';
import { unavailable } from '@marquee/platform';
import { ViewRebuilding } from './view-rebuilding.ts';

/** The store's version tag of a doc read (undefined for an absent doc). */
const etagOf = (doc: unknown): string | undefined =>
  typeof doc === 'object' && doc !== null ? (doc as { _etag?: string })._etag : undefined;

/** The view a stored doc belongs to (a partial, a whole doc or a writers doc); undefined for the pointer doc. */
export const kindOfViewDocId = (id: string): ViewKind | undefined =>
  viewOfWritersDocId(id) ?? kindOfStoredId(id);

/** What the pointer doc says, as read at `at`. */
interface Pointer {
  generations: Generations;
  /** Views being rebuilt into this code's layout (see view-rebuilding.ts). */
  rebuilding: readonly ViewKind[];
  at: number;
}

/** What a report built from one view needs of the reader (see `BuiltReports`). */
export interface ViewVersion {
  readonly version: number;
  readonly docTtlMs: number;
}

class VersionOf implements ViewVersion {
  readonly #reader: ViewReader;
  readonly #kind: ViewKind;
  constructor(reader: ViewReader, kind: ViewKind) {
    this.#reader = reader;
    this.#kind = kind;
  }
  get version(): number {
    return this.#reader.versionOf(this.#kind);
  }
  get docTtlMs(): number {
    return this.#reader.docTtlMs;
  }
}

/** An expired doc read is still answered with while it is younger than this many ttls (and refreshed). */
const STALE_FACTOR = 4;

/** What a report reads of each view: for top movies the ranking docs, for the others the counters. */
export interface StoredByKind {
  'top-movies': StoredRanking;
  categories: StoredView<CategoriesDoc>;
  'orders-hour': StoredView<OrdersHourDoc>;
  'orders-day': StoredView<OrdersDayDoc>;
  funnel: StoredView<FunnelDoc>;
}

export interface ViewReaderOptions {
  /** How long the generation pointer is trusted before it is read again; default 1 s. */
  pointerTtlMs?: number;
  /**
   * How long a doc read is reused; default 250 ms (and up to 4× that while a refresh is under way). Under
   * load this turns N requests a second into a few reads per doc; the change feed (when it runs) forgets
   * a changed doc at once.
   */
  docTtlMs?: number;
  /**
   * How long a doc read is reused while a change feed watches the views (`watchWith`): the feed forgets a
   * changed doc within its poll, so this only bounds what a lost change could cost; default 5 s.
   */
  watchedTtlMs?: number;
}

/** A change feed over the views that forgets changed docs in the reader (the live plugin's). */
export interface ViewWatcher {
  /** Starts it; resolves once its starting point is pinned. */
  start(): Promise<void>;
  /** Whether it is seeing every change now. */
  readonly watching: boolean;
}

/**
 * Reads view docs from the `views` container by id only (point reads, in parallel; never a query), in
 * the generation the pointer document names. The pointer is cached briefly: a rebuild's switch reaches
 * readers within the ttl. Concurrent reads of one doc share one request, and a doc read is reused for a
 * fraction of a second, so the cost of the hot path does not grow with the request rate.
 */
export class ViewReader {
  readonly #container: Container;
  readonly #ttlMs: number;
  readonly #docTtlMs: number;
  readonly #watchedTtlMs: number;
  #watcher: ViewWatcher | undefined;
  #watchStarted = false;
  /** Set once the watcher is pinned and what was read before it forgotten. */
  #watched = false;
  readonly #docs = new Map<string, { doc: unknown; at: number }>();
  readonly #inFlight = new Map<string, Promise<unknown>>();
  /** Bumped by every forget/invalidate, so a read that overlapped one is not cached. */
  #epoch = 0;
  /** Bumped whenever what a read of a view may return changes (see `versionOf`), per view. */
  readonly #changes = new Map<ViewKind, number>();
  /** Bumped when what any view's read returns may have changed (the pointer, an invalidate). */
  #allChanges = 0;
  #cached: Pointer | undefined;
  #loading: Promise<Pointer> | undefined;

  constructor(container: Container, options: ViewReaderOptions = {}) {
    this.#container = container;
    this.#ttlMs = options.pointerTtlMs ?? 1_000;
    this.#docTtlMs = options.docTtlMs ?? 250;
    this.#watchedTtlMs = options.watchedTtlMs ?? 5_000;
  }

  /**
   * Lets a change feed vouch for the docs read: started on the first read, and while it is watching, a doc
   * is reused until the feed names it (or `watchedTtlMs`), not only for `docTtlMs`. Under load the views are
   * then read when they change, not a few times a second each whatever happens (which cost the API and the
   * store more CPU than the requests it served from them).
   */
  watchWith(watcher: ViewWatcher): void {
    this.#watcher = watcher;
  }

  /** The live generation of every view (all 1 while no pointer exists). */
  async generations(): Promise<Generations> {
    return (await this.#pointer()).generations;
  }

  /** Views whose live generation has another layout than this code's: being rebuilt, not readable. */
  async rebuilding(): Promise<readonly ViewKind[]> {
    return (await this.#pointer()).rebuilding;
  }

  async #pointer(): Promise<Pointer> {
    const cached = this.#cached;
    if (cached && performance.now() - cached.at < this.#ttlMs) return cached;
    this.#loading ??= this.#readPointer().finally(() => (this.#loading = undefined));
    return await this.#loading;
  }

  /**
   * Changes whenever a doc of this view the reader hands out may have changed: a forget or refresh of one
   * of its docs (a new etag), an invalidate, the pointer naming other generations. A report built from reads
   * of the view made at one version is the same report while the version stays and its reads are younger
   * than the ttl; a write to another view (the funnel's, many times a second) leaves it as it is.
   */
  versionOf(kind: ViewKind): number {
    return this.#allChanges + (this.#changes.get(kind) ?? 0);
  }

  /** The version and ttl of one view: what `BuiltReports` of that view's reports watch. */
  of(kind: ViewKind): ViewVersion {
    return new VersionOf(this, kind);
  }

  /** A stored doc may have changed: the version of its view moves (of every view, for the pointer doc). */
  #changed(id: string): void {
    const kind = kindOfViewDocId(id);
    if (kind === undefined) this.#allChanges++;
    else this.#changes.set(kind, (this.#changes.get(kind) ?? 0) + 1);
  }

  /** How long a doc read is reused now (ms): longer while a change feed watches the views. */
  get docTtlMs(): number {
    return this.#docTtlMs > 0 && this.#watched && this.#watcher?.watching === true
      ? this.#watchedTtlMs
      : this.#docTtlMs;
  }

  /** The views being rebuilt as of the pointer last read (none before a read; no I/O). */
  knownRebuilding(): readonly ViewKind[] {
    return this.#cached?.rebuilding ?? [];
  }

  /** The generations last read, if any (no I/O). */
  knownGenerations(): Generations | undefined {
    return this.#cached?.generations;
  }

  /** Forget the cached pointer and docs (the change feed saw the pointer change, or a test wants fresh reads). */
  invalidate(): void {
    this.#epoch++;
    this.#allChanges++;
    this.#cached = undefined;
    this.#docs.clear();
    this.#inFlight.clear();
  }

  /** Forget these stored docs (the change feed saw them change). */
  forget(storedIds: Iterable<string>): void {
    this.#epoch++;
    for (const id of storedIds) {
      this.#changed(id);
      this.#docs.delete(id);
      // Reads started before the change must not be joined by reads made because of it.
      this.#inFlight.delete(id);
    }
  }

  /**
   * Each doc's stored parts, to be merged by the caller: the partial of every writer the view generation lists
   * (one per lease), or, for a generation written before partials (no writers doc), its one whole doc. Point
   * reads only; the same objects come back while the reads are reused, so a merge can be cached on them.
   */
  async readParts<K extends ViewKind>(kind: K, domainIds: readonly string[]): Promise<StoredByKind[K][][]> {
    if (!this.#watchStarted && this.#watcher !== undefined && this.#docTtlMs > 0)
      this.#startWatcher(this.#watcher);
    const pointer = await this.#pointer();
    // Docs of another layout than this code's would be misread: the report waits for the rebuild's switch.
    if (pointer.rebuilding.includes(kind)) throw new ViewRebuilding(kind);
    const generation = pointer.generations[kind];
    const writers = writersOf(await this.#cachedRead<unknown>(writersDocId(generation, kind)));
    const ids = (domainId: string): string[] =>
      writers.length === 0
        ? [storedViewId(generation, domainId)]
        : writers.map((w) => storedViewId(generation, domainId, w));
    return await Promise.all(
      domainIds.map(async (domainId) => {
        const parts: (StoredByKind[K] | undefined)[] = await Promise.all(
          ids(domainId).map((id) => this.#cachedRead<StoredByKind[K]>(id)),
        );
        return parts.filter((p) => p !== undefined);
      }),
    );
  }

  #startWatcher(watcher: ViewWatcher): void {
    this.#watchStarted = true;
    watcher.start().then(
      () => {
        // Reads made before the feed's starting point may have missed a change it will never name.
        this.invalidate();
        this.#watched = true;
      },
      () => undefined,
    );
  }

  async #cachedRead<T>(id: string): Promise<T | undefined> {
    const hit = this.#docs.get(id);
    const age = hit === undefined ? Infinity : performance.now() - hit.at;
    const ttl = this.docTtlMs;
    if (hit && age < ttl) return hit.doc as T | undefined;
    const joined = this.#inFlight.get(id) as Promise<T | undefined> | undefined;
    // Just expired: answer with it and refresh behind, so a busy route never waits on a refresh; a
    // read older than a few ttls is not served.
    if (hit && age < STALE_FACTOR * ttl) {
      if (!joined) this.#refresh<T>(id).catch(() => undefined);
      return hit.doc as T | undefined;
    }
    return await (joined ?? this.#refresh<T>(id));
  }

  #refresh<T>(id: string): Promise<T | undefined> {
    const started = performance.now();
    const epoch = this.#epoch;
    const pending: Promise<T | undefined> = this.#pointRead<T>(id)
      .then((doc) => {
        // A read that overlapped a forget() may hold the old doc: use it once, never keep it.
        if (this.#docTtlMs > 0 && epoch === this.#epoch) {
          // The same version as the one held keeps the held object: merges cached on identity stay valid.
          const held = this.#docs.get(id)?.doc;
          const tag = etagOf(held);
          const same = held === doc || (tag !== undefined && tag === etagOf(doc));
          if (!same) this.#changed(id);
          this.#docs.set(id, { doc: same ? held : doc, at: started });
          return same ? (held as T | undefined) : doc;
        }
        return doc;
      })
      .finally(() => {
        if (this.#inFlight.get(id) === pending) this.#inFlight.delete(id);
      });
    this.#inFlight.set(id, pending);
    return pending;
  }

  async #readPointer(): Promise<Pointer> {
    const doc = await this.#pointRead<unknown>(GENERATIONS_DOC_ID);
    const generations = generationsOf(doc);
    const rebuilding = viewsToRebuild(layoutsOf(doc));
    const before = this.#cached;
    if (
      JSON.stringify(generations) !== JSON.stringify(before?.generations) ||
      rebuilding.join() !== before?.rebuilding.join()
    )
      this.#allChanges++;
    this.#cached = { generations, rebuilding, at: performance.now() };
    return this.#cached;
  }

  async #pointRead<T>(id: string): Promise<T | undefined> {
    try {
      // Partition key is /id, so the id is its own partition key.
      const { resource } = await this.#container.item(id, id).read<T & { id: string }>();
      return resource;
    } catch (err) {
      throw unavailable('the views store did not answer', err);
    }
  }
}
