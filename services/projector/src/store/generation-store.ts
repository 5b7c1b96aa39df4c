// The generation pointer doc (`view-generations` in `views`): read by every replica every couple of seconds,
// written by a rebuild (the switch) and by a starting projector (its first version, and the record of a rebuild
// into a new layout), always with If-Match so two writers never undo each other.
import type { Container } from '@azure/cosmos';
import {
  GENERATIONS_DOC_ID,
  generationsOf,
  switchGeneration,
  type Generations,
  type GenerationsDoc,
  type ViewKind,
} from '@marquee/domain';
import { VersionedStore, type Versioned } from './view-store.ts';
import { ConcurrencyError } from '@marquee/platform';

export class GenerationStore {
  readonly #store: VersionedStore<GenerationsDoc>;

  constructor(views: Container) {
    this.#store = new VersionedStore<GenerationsDoc>(views);
  }

  /** The `views` container the pointer lives in (beside the view docs). */
  get container(): Container {
    return this.#store.container;
  }

  /** The pointer as stored (undefined: none yet), with its version for an If-Match write. */
  readDoc(): Promise<Versioned<GenerationsDoc> | undefined> {
    return this.#store.read(GENERATIONS_DOC_ID);
  }

  /** Writes the pointer if it is still the version read (`etag`; none: creates it). False: it changed. */
  async write(next: GenerationsDoc, etag: string | undefined): Promise<boolean> {
    const outcome =
      etag === undefined ? await this.#store.create(next) : await this.#store.replace(next, etag);
    return outcome.ok;
  }

  /** Every view's current generation (1 for views the pointer does not name, or when it is absent). */
  async read(): Promise<Generations> {
    return generationsOf((await this.#store.read(GENERATIONS_DOC_ID))?.doc);
  }

  /** Points `view` at `generation`. Returns the pointer as written. */
  async switchTo(
    view: ViewKind,
    generation: number,
    now: () => Date = () => new Date(),
  ): Promise<GenerationsDoc> {
    for (let attempt = 1; attempt <= 20; attempt += 1) {
      const current = await this.#store.read(GENERATIONS_DOC_ID);
      const next = switchGeneration(current?.doc, view, generation, now());
      const outcome =
        current === undefined
          ? await this.#store.create(next)
          : await this.#store.replace(next, current.etag);
      if (outcome.ok) return next;
    }
    throw new ConcurrencyError(
      `could not switch ${view} to generation ${generation}: the pointer kept changing`,
    );
  }
}
