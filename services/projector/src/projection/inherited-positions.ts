// After a split, a child lease reads on from its parent's checkpoint, and the parent may have counted events
// past it into its own partials. The child's partial of a doc must therefore start from the positions the
// parent's (and any older ancestor's) partial of the same doc records: the child copies them into its first
// write of the doc, and appliedPosition (views/applied-position.ts) takes an ancestor's entry as its own.
// Once the child's partial exists it carries those entries, so the ancestors are read at most once per doc.
import { storedViewId } from '@marquee/domain';
import type { ViewStores } from '../store/index.ts';

/** Lease token → LSN from the ancestors' partials of `docId` ({} when there is no ancestor). */
export async function inheritedPositions(
  stores: ViewStores,
  ancestors: readonly string[],
  generation: number,
  docId: string,
  partialId: string,
): Promise<Record<string, number>> {
  if (ancestors.length === 0 || stores.seeded.has(partialId)) return {};
  const own = await stores.read(partialId);
  const positions: Record<string, number> = {};
  if (own === undefined) {
    const parts = await Promise.all(ancestors.map((a) => stores.read(storedViewId(generation, docId, a))));
    for (const part of parts) {
      for (const [token, lsn] of Object.entries(part?.doc.appliedLsn ?? {})) {
        positions[token] = Math.max(positions[token] ?? lsn, lsn);
      }
    }
  }
  stores.seeded.add(partialId);
  return positions;
}
