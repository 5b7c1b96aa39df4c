// Lease documents in Cosmos: every write but creation is conditional on the ETag last read, so two instances
// can never both believe a write made them owner, and a stale owner can never overwrite a newer checkpoint.
import type { Container } from '@azure/cosmos';
import { isStatus } from './cosmos-errors.ts';
import { isLeaseOf, type LeaseDocument } from './lease-document.ts';

export type WriteOutcome =
  | { readonly ok: true; readonly lease: LeaseDocument }
  | { readonly ok: false; readonly reason: 'conflict' | 'gone' };

export class LeaseStore {
  readonly #container: Container;
  readonly #processorName: string;

  constructor(container: Container, processorName: string) {
    this.#container = container;
    this.#processorName = processorName;
  }

  /**
   * All leases of this processor. A read feed rather than a query: it works on every backend, and lease
   * containers are small (one document per feed range per processor).
   */
  async list(): Promise<LeaseDocument[]> {
    const { resources } = await this.#container.items.readAll().fetchAll();
    return resources.filter((doc): doc is LeaseDocument & typeof doc => isLeaseOf(this.#processorName, doc));
  }

  async read(id: string): Promise<LeaseDocument | undefined> {
    const response = await this.#container.item(id, id).read<LeaseDocument>();
    if (response.statusCode === 404 || response.resource === undefined) return undefined;
    return isLeaseOf(this.#processorName, response.resource) ? response.resource : undefined;
  }

  /** Creates the lease unless a document with its id exists (another instance won the race): then undefined. */
  async createIfAbsent(lease: LeaseDocument): Promise<LeaseDocument | undefined> {
    try {
      const { resource } = await this.#container.items.create<LeaseDocument>(bodyOf(lease));
      return resource;
    } catch (error) {
      if (isStatus(error, 409)) return undefined;
      throw error;
    }
  }

  /** Replaces `next` if the stored ETag is still `next._etag`. */
  async replace(next: LeaseDocument): Promise<WriteOutcome> {
    try {
      const { resource } = await this.#container.item(next.id, next.id).replace<LeaseDocument>(bodyOf(next), {
        accessCondition: { type: 'IfMatch', condition: next._etag ?? '' },
      });
      if (resource === undefined) return { ok: false, reason: 'gone' };
      return { ok: true, lease: resource };
    } catch (error) {
      if (isStatus(error, 412)) return { ok: false, reason: 'conflict' };
      if (isStatus(error, 404)) return { ok: false, reason: 'gone' };
      throw error;
    }
  }

  /** Deletes the lease if unchanged since read; false when someone else wrote it first. */
  async delete(lease: LeaseDocument): Promise<boolean> {
    try {
      await this.#container
        .item(lease.id, lease.id)
        .delete({ accessCondition: { type: 'IfMatch', condition: lease._etag ?? '' } });
      return true;
    } catch (error) {
      if (isStatus(error, 404)) return true;
      if (isStatus(error, 412)) return false;
      throw error;
    }
  }
}

/** The document without system properties (`_etag`, `_ts`, …), which the server owns. */
function bodyOf(lease: LeaseDocument): LeaseDocument {
  const body: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(lease)) if (!key.startsWith('_')) body[key] = value;
  return body as unknown as LeaseDocument;
}
