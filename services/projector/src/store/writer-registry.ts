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

  constructor(store: DocStore<ViewWritersDoc>) {
    this.#store = store;
  }

  /**
   * Lists `token` as a writer of the view generation (if it is not yet), and returns the listed writers whose
   * range contains its own: the split ancestors whose partials hold what this range counted before the split.
   */
  async register(view: ViewKind, generation: number, token: string): Promise<readonly string[]> {
    const key = `${generation}.${view}.${token}`;
    const known = this.#registered.get(key);
    if (known !== undefined) return known;
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
        const ancestors = writersOf(next ?? current?.doc).filter((w) => w !== token && contains(w, token));
        this.#registered.set(key, ancestors);
        return ancestors;
      }
      if (attempt >= 30) throw new Error(`could not register ${token} as a writer of ${id}`);
    }
  }

  /** Every listed writer of the view generation, read now. */
  async writers(view: ViewKind, generation: number): Promise<string[]> {
    return writersOf((await this.#store.read(writersDocId(generation, view)))?.doc);
  }

  /** Forgets registrations (a generation's docs were deleted). */
  clear(): void {
    this.#registered.clear();
  }
}
