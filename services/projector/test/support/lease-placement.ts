// Where the views' leases of each feed range are, fleet-wide: the shared reads of a range serve every view only
// when all its views' leases are in one replica (README "Replicas"), which the projector arranges by placing
// them together (the change feed processor's LeaseColocation).
import type { Container } from '@azure/cosmos';
import { listLeases } from '@marquee/change-feed-processor';
import { VIEW_KINDS } from '@marquee/domain';
import { processorNameOf } from '../../src/index.ts';

export interface RangePlacement {
  /** Lease token → the owners of that range's lease, one per view. */
  readonly owners: ReadonlyMap<string, ReadonlyArray<string | null>>;
  /** Ranges whose every view's lease has one owner. */
  readonly together: number;
  readonly ranges: number;
}

/** Read through the processor's own listLeases, per view's processor name (lease-format.ts stays its owner). */
export async function rangePlacement(
  containers: { leases: Container; events: Container },
  generation = 1,
): Promise<RangePlacement> {
  const owners = new Map<string, Array<string | null>>();
  for (const view of VIEW_KINDS) {
    const scope = {
      leases: containers.leases,
      monitored: containers.events,
      processorName: processorNameOf(view, generation),
    };
    for (const lease of await listLeases(scope))
      owners.set(lease.leaseToken, [...(owners.get(lease.leaseToken) ?? []), lease.owner]);
  }
  const together = [...owners.values()].filter((o) => new Set(o).size === 1).length;
  return { owners, together, ranges: owners.size };
}
