// What a compiled query reads of the scanned document (Demand), from the slots and paths its expressions noted
// while compiling (Scope.used, Scope.rootPaths), and how two demands combine.
import { addPath, forEachPath, mergePaths, type Paths } from '../store/pick-fields.ts';
import type { Scope } from './expressions.ts';
import type { Demand } from './source.ts';

/** The demand noted in `scope` so far: all of the document when slot 0 itself is read (a copy). */
export function demandOf(scope: Scope): Demand {
  if (scope.used.has(0)) return 'all';
  return scope.rootPaths.size === 0 ? 'none' : mergePaths(scope.rootPaths, new Map());
}

export function union(a: Demand, b: Demand): Demand {
  if (a === 'all' || b === 'all') return 'all';
  if (a === 'none') return b;
  if (b === 'none') return a;
  return mergePaths(a, b);
}

/** Whether a document read for `have` holds everything `want` reads. */
export function covers(have: Demand, want: Demand): boolean {
  if (want === 'none' || have === 'all') return true;
  if (want === 'all' || have === 'none') return false;
  return coversPaths(have, want);
}

function coversPaths(have: Paths, want: Paths): boolean {
  for (const [key, sub] of want) {
    const h = have.get(key);
    if (h === true) continue;
    if (h === undefined || sub === true || !coversPaths(h, sub)) return false;
  }
  return true;
}

/** Adds what `inner` noted to `outer`. */
export function absorb(outer: Scope, inner: Scope): void {
  for (const slot of inner.used) outer.used.add(slot);
  forEachPath(inner.rootPaths, (path) => addPath(outer.rootPaths, path));
}
