// Initialization of a processor's leases, shared with the .NET and Java processors: `${prefix}.info` marks the
// store as initialized, `${prefix}.lock` (created with a ttl, deleted when done) lets one instance of the whole
// fleet do it. Only the lock holder creates the first leases and converts leases of Marquee's old format, so a
// .NET instance starting at the same time never creates a second set of leases over the same ranges.
import type { Container } from '@azure/cosmos';
import { isStatus } from './cosmos-errors.ts';

export interface Bootstrap {
  /** Work to do under the lock: convert old leases, then (`initialize`) create the first ones. */
  readonly underLock: (initialize: boolean) => Promise<void>;
  /** Work that needs the lock even when the store is initialized (old-format leases left to convert). */
  readonly pendingWork: () => Promise<boolean>;
  readonly lockTtlSeconds: number;
  readonly pollMs: number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly now: () => number;
}

/** Returns once the store is initialized and nothing is left to convert. */
export async function bootstrapLeases(container: Container, prefix: string, b: Bootstrap): Promise<void> {
  const infoId = `${prefix}.info`;
  const lockId = `${prefix}.lock`;
  for (;;) {
    const initialized = await exists(container, infoId);
    if (initialized && !(await b.pendingWork())) return;
    const lockEtag = await tryCreate(container, { id: lockId, ttl: b.lockTtlSeconds });
    if (lockEtag !== undefined) {
      try {
        await b.underLock(!initialized);
        if (!initialized) await tryCreate(container, { id: infoId });
      } finally {
        await deleteIfMatch(container, lockId, lockEtag);
      }
      return;
    }
    await clearStaleLock(container, lockId, b);
    await b.sleep(b.pollMs);
  }
}

async function exists(container: Container, id: string): Promise<boolean> {
  const response = await container.item(id, id).read();
  return response.statusCode !== 404 && response.resource !== undefined;
}

/** The new document's ETag, or undefined when it exists already. */
async function tryCreate(
  container: Container,
  body: { id: string; ttl?: number },
): Promise<string | undefined> {
  try {
    const { etag } = await container.items.create(body);
    return etag;
  } catch (error) {
    if (isStatus(error, 409)) return undefined;
    throw error;
  }
}

async function deleteIfMatch(container: Container, id: string, etag: string): Promise<void> {
  try {
    await container.item(id, id).delete({ accessCondition: { type: 'IfMatch', condition: etag } });
  } catch (error) {
    if (!isStatus(error, 404) && !isStatus(error, 412)) throw error;
  }
}

/**
 * A lock whose holder died goes away by its ttl when the lease container has TTL enabled; without it, a lock
 * older than its ttl (by the server's `_ts`) is deleted here, conditionally, so no instance waits forever.
 */
async function clearStaleLock(container: Container, lockId: string, b: Bootstrap): Promise<void> {
  const { resource } = await container.item(lockId, lockId).read<{ _ts?: number; _etag?: string }>();
  if (resource?._ts === undefined || resource._etag === undefined) return;
  if (b.now() - resource._ts * 1000 > (b.lockTtlSeconds + 1) * 1000) {
    await deleteIfMatch(container, lockId, resource._etag);
  }
}
