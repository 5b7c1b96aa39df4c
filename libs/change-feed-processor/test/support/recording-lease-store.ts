import type { LeaseDocument } from '../../src/lease/lease-document.ts';
import type { LeaseStore, WriteOutcome } from '../../src/lease/lease-store.ts';

/** A lease store that accepts every replace (after a tick, like a real round trip) and records it. */
export function recordingStore(): { store: LeaseStore; writes: LeaseDocument[] } {
  const writes: LeaseDocument[] = [];
  const store = {
    async replace(next: LeaseDocument): Promise<WriteOutcome> {
      await new Promise((r) => setImmediate(r));
      writes.push(next);
      return { ok: true, lease: { ...next, _etag: `e${writes.length}` } };
    },
  } as unknown as LeaseStore;
  return { store, writes };
}
