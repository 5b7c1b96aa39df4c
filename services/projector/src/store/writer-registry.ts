// Which leases keep partials of a view generation (the writers doc, see @marquee/domain's stored-views). A
// lease registers before its first partial write, once per process; it reads the list again where it needs
// every writer (the top-movies ranking). Registration is rare (start, splits), so its If-Match loop never
// meets steady-state traffic.
import { withWriter, writersDocId, writersOf, type ViewKind, type ViewWritersDoc } from '@marquee/domain';
import { rangeOfToken } from '../views/applied-position.ts';
import type { DocStore } from './view-store.ts';

const contains = (outer: string, inner: string): boolean => {
  const o = rangeOfToken(outer);
  const i = rangeOfToken(inner);
  return (
    o !== undefined && i !== undefined && o.minInclusive <= i.minInclusive && i.maxExclusive <= o.maxExclusive
  );
};

export class WriterRegistry {
  readonly #store: DocStore<ViewWritersDoc>;
  /** `<generation>.<view>.<token>` → the token's ancestors (split parents) listed when it registered. */
  readonly #registered = new Map<string, string[]>();
  readonly #registering = new Map<string, Promise<readonly string[]>>();
  /** `<generation>.<view>` → the list as this process last read or wrote it (it only grows). */
  readonly #lastSeen = new Map<string, readonly string[]>();

  constructor(store: DocStore<ViewWritersDoc>) {
    this.#store = store;
  }

  /**
   * Lists `token` as a writer of the view generation (if it is not yet), and returns the listed writers whose
   * range contains its own: the split ancestors whose partials hold what this range counted before the split.
   */
  register(view: ViewKind, generation: number, token: string): Promise<readonly string[]> {
    const key = `${generation}.${view}.${token}`;
    const known = this.#registered.get(key);
    if (known !== undefined) return Promise.resolve(known);
    // One registration at a time per lease: the lease's acquisition and its first batch may both ask.
    const pending = this.#registering.get(key) ?? this.#register(view, generation, token, key);
    this.#registering.set(key, pending);
    return pending.finally(() => this.#registering.delete(key));
  }

  async #register(
    view: ViewKind,
    generation: number,
    token: string,
    key: string,
  ): Promise<readonly string[]> {
    const id = writersDocId(generation, view);
    for (let attempt = 1; ; attempt += 1) {
      const current = await this.#store.read(id);
      const next = withWriter(current?.doc, view, generation, token);
      const outcome =
        next === undefined
          ? { ok: true }
          : current === undefined
            ? await this.#store.create(next)
            : await this.#store.replace(next, current.etag);
      if (outcome.ok) {
        this.#lastSeen.set(`${generation}.${view}`, writersOf(next ?? current?.doc));
        const ancestors = writersOf(next ?? current?.doc).filter((w) => w !== token && contains(w, token));
        this.#registered.set(key, ancestors);
        return ancestors;
      }
      if (attempt >= 30) throw new Error(`could not register ${token} as a writer of ${id}`);
    }
  }

  /** Every listed writer of the view generation, read now. */
  async writers(view: ViewKind, generation: number): Promise<string[]> {
    const writers = writersOf((await this.#store.read(writersDocId(generation, view)))?.doc);
    this.#lastSeen.set(`${generation}.${view}`, writers);
    return writers;
  }

  /**
   * The listed writers as this process last saw them, without a read: a guess of which partials to read while
   * the list itself is read again (the top-movies ranking). Never a substitute for that read.
   */
  lastSeen(view: ViewKind, generation: number): readonly string[] {
    return this.#lastSeen.get(`${generation}.${view}`) ?? [];
  }

  /** Forgets registrations (a generation's docs were deleted). */
  clear(): void {
    this.#registered.clear();
    this.#lastSeen.clear();
  }
}
