// Merging the per-lease partials of a view doc into the doc a report shows, with the view's own `merge` (the
// top-movies rankings with `mergeRankings`). A merge is cached on the identity of its parts: the reader
// hands out the same objects until a part changes (the views change feed forgets it) or its short ttl ends,
// so under load a report merges once per view change, not once per request.
import {
  definitionOf,
  mergeRankings,
  newestAsOf,
  toDomainDoc,
  type AsOf,
  type DocOfKind,
  type StoredView,
  type ViewAsOf,
  type ViewDefinition,
  type ViewDoc,
  type ViewKind,
} from '@marquee/domain';
import type { StoredByKind } from './view-reader.ts';

/** A merged doc and the freshest asOf of its parts (each field undefined while no part carries it). */
export type Merged<D> = D & { asOf: Partial<AsOf> };

const fresh = (asOf: ViewAsOf): Partial<AsOf> => ({
  ...(asOf.lastEventAt === null ? {} : { lastEventAt: asOf.lastEventAt }),
  ...(asOf.writtenAt === null ? {} : { writtenAt: asOf.writtenAt }),
});

/** The partials of a counters doc as one (undefined: no part yet). */
export function mergeCounters<K extends Exclude<ViewKind, 'top-movies'>>(
  kind: K,
  parts: readonly StoredByKind[K][],
): Merged<DocOfKind<K>> | undefined {
  if (parts.length === 0) return undefined;
  const definition = definitionOf(kind) as ViewDefinition<ViewDoc>;
  const docs = parts.map((p) => toDomainDoc<ViewDoc>(p as StoredView<ViewDoc>));
  const merged = docs.slice(1).reduce((a, b) => definition.merge(a, b), docs[0]!);
  return { ...(merged as DocOfKind<K>), asOf: fresh(newestAsOf(parts)) };
}

/** The writers' top-movies rankings as one. */
export function mergeTopMovies(
  parts: readonly StoredByKind['top-movies'][],
): Merged<{ movies: StoredByKind['top-movies']['movies'] }> | undefined {
  if (parts.length === 0) return undefined;
  return { movies: mergeRankings(parts.map((p) => p.movies)), asOf: fresh(newestAsOf(parts)) };
}

/** Remembers the last merge per key, reused while the parts are the very same objects. */
export class MergeCache {
  readonly #entries = new Map<string, { parts: readonly object[]; value: unknown }>();
  readonly #limit: number;

  constructor(limit = 1_000) {
    this.#limit = limit;
  }

  get<P extends object, R>(key: string, parts: readonly P[], merge: (parts: readonly P[]) => R): R {
    const hit = this.#entries.get(key);
    if (hit !== undefined && hit.parts.length === parts.length && hit.parts.every((p, i) => p === parts[i])) {
      return hit.value as R;
    }
    const value = merge(parts);
    if (this.#entries.size >= this.#limit) this.#entries.clear();
    this.#entries.set(key, { parts, value });
    return value;
  }
}
