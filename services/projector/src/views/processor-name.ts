// Each generation of each view is filled by its own change feed processor, so a rebuild's processor and its
// leases never mix with the live one's.
import type { ViewKind } from '@marquee/domain';

/** The change feed processor (and lease id prefix) that fills one generation of one view. */
export function processorNameOf(view: ViewKind, generation: number): string {
  return `projector.${view}.g${generation}`;
}
