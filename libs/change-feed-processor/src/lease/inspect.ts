// Reading and removing a processor's leases from outside the processor: for operators' tools, services that
// reset a processor, and tests. Lease ids depend on the monitored container (lease-prefix.ts), hence its argument.
import type { Container } from '@azure/cosmos';
import { isStatus } from './cosmos-errors.ts';
import type { LeaseDocument } from './lease-document.ts';
import { resolveLeaseFormat } from './lease-prefix.ts';
import { LeaseStore } from './lease-store.ts';
import { oldLeasesOf } from './migration.ts';

export interface LeaseScope {
  readonly leases: Container;
  readonly monitored: Container;
  readonly processorName: string;
  /** As in ProcessorOptions.endpointHost. */
  readonly endpointHost?: string;
  readonly mode?: 'latestVersion' | 'allVersionsAndDeletes';
}

export async function leaseStoreOf(scope: LeaseScope): Promise<LeaseStore> {
  const allVersions = scope.mode === 'allVersionsAndDeletes';
  const format = await resolveLeaseFormat(
    scope.monitored,
    scope.processorName,
    allVersions,
    scope.endpointHost,
  );
  return new LeaseStore(scope.leases, format);
}

/** The processor's leases as the processor sees them. */
export async function listLeases(scope: LeaseScope): Promise<LeaseDocument[]> {
  return (await leaseStoreOf(scope)).list();
}

/**
 * Deletes every document of the processor (its leases, its `.info` and `.lock` documents and leases of the old
 * format), so that its next start begins afresh from `startFrom`. Stop every instance first. Returns the count.
 */
export async function deleteLeases(scope: LeaseScope): Promise<number> {
  const store = await leaseStoreOf(scope);
  const { prefix } = store.format;
  const ids = [
    ...(await store.list()).map((l) => l.id),
    ...(await oldLeasesOf(scope.leases, scope.processorName)).map((l) => l.id),
    `${prefix}.info`,
    `${prefix}.lock`,
  ];
  let deleted = 0;
  for (const id of ids) {
    try {
      await scope.leases.item(id, id).delete();
      deleted += 1;
    } catch (error) {
      if (!isStatus(error, 404)) throw error;
    }
  }
  return deleted;
}
