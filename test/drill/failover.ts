// What follows the cut, the way the Azure options do it: Cosmos moves its write region by itself (service-managed
// failover, watched here), and region 1's Event Hubs namespace answers again after the promotion delay, by the
// chosen option's path. Under Geo-DR that includes the step docs/regional-resilience.md names.
import { setTimeout as sleep } from 'node:timers/promises';
import { deleteHubCheckpoints } from './checkpoints.ts';
import { lineCounts } from './ledger.ts';
import type { EventHubsMode } from './options.ts';
import type { Region } from './region.ts';
import type { RegionalStack } from './regional-stack.ts';

export interface NamespaceBack {
  /** ms after the cut. */
  atMs: number;
  /** Checkpoints deleted by the Geo-DR step (0 under geo-replication). */
  checkpointsDeleted: number;
  /** Geo-DR: lines of each out file when the alias moved; what region 1's hub had acknowledged before is at risk. */
  linesBeforeAlias?: number[];
}

/**
 * Geo-replication: the replica is promoted and serves region 1's hub with its events; consumers reconnect by
 * themselves. Geo-DR: the alias moves to the empty partner, whose partitions restart at sequence number 0, so the
 * consumers of that hub are stopped (a rollout), its checkpoints deleted, and the consumers started again.
 */
export async function bringNamespace1Back(
  mode: EventHubsMode,
  stack: RegionalStack,
  survivor: Region,
  cut: number,
  delayMs: number,
  outFiles: readonly string[],
): Promise<NamespaceBack> {
  await sleep(Math.max(0, cut + delayMs - performance.now()));
  if (mode === 'geo-replication') {
    await stack.serveNamespace1Again('geo-replication');
    return { atMs: performance.now() - cut, checkpointsDeleted: 0 };
  }
  await survivor.stopIngest();
  const checkpointsDeleted = await deleteHubCheckpoints(stack.storage, 'checkpoints', stack.regions[0].hub);
  // Region 1's hub has acknowledged nothing since the cut: these lines end with what died with its namespace.
  const linesBeforeAlias = await lineCounts(outFiles);
  await stack.serveNamespace1Again('geo-dr');
  await survivor.startIngest();
  return { atMs: performance.now() - cut, checkpointsDeleted, linesBeforeAlias };
}

/** ms after the cut at which the account's write region was seen in Region 2. */
export async function writeRegionMoved(stack: RegionalStack, cut: number): Promise<number> {
  while ((await stack.writeRegion()) !== 'Region 2') await sleep(100);
  return performance.now() - cut;
}
