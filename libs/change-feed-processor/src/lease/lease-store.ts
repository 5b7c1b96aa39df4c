// Lease documents in Cosmos: every write but creation is conditional on the ETag last read, so two instances
// can never both believe a write made them owner, and a stale owner can never overwrite a newer checkpoint.
// Documents are stored in the .NET processor's format (lease-format.ts); this class speaks LeaseDocument.
import type { Container } from '@azure/cosmos';
import { isStatus } from './cosmos-errors.ts';
import type { LeaseDocument } from './lease-document.ts';
import { decodeLease, encodeLease, type LeaseFormat } from './lease-format.ts';

export type WriteOutcome =
  | { readonly ok: true; readonly lease: LeaseDocument }
  | { readonly ok: false; readonly reason: 'conflict' | 'gone' };

export class LeaseStore {
  readonly #container: Container;
  #format: LeaseFormat | undefined;

  /** `format` may be given later (`use`): it depends on the monitored container's rid, read at start. */
  constructor(container: Container, format?: LeaseFormat) {
    this.#container = container;
    this.#format = format;
  }

  use(format: LeaseFormat): void {
    this.#format = format;
  }

  get format(): LeaseFormat {
    if (this.#format === undefined) throw new Error('the lease store is used before the processor started');
    return this.#format;
  }

  get container(): Container {
    return this.#container;
  }

  /**
   * All leases of this processor. A read feed rather than a query: it works on every backend, and lease
   * containers are small (one document per feed range per processor).
   */
  async list(): Promise<LeaseDocument[]> {
    const { resources } = await this.#container.items.readAll().fetchAll();
    return resources.flatMap((doc) => decodeLease(doc, this.format) ?? []);
  }

  async read(id: string): Promise<LeaseDocument | undefined> {
    const response = await this.#container.item(id, id).read();
    if (response.statusCode === 404 || response.resource === undefined) return undefined;
    return decodeLease(response.resource, this.format);
  }

  /** Creates the lease unless a document with its id exists (another instance won the race): then undefined. */
  async createIfAbsent(lease: LeaseDocument): Promise<LeaseDocument | undefined> {
    try {
      const { resource } = await this.#container.items.create(encodeLease(lease, this.format));
      return decodeLease(resource, this.format);
    } catch (error) {
      if (isStatus(error, 409)) return undefined;
      throw error;
    }
  }

  /** Replaces `next` if the stored ETag is still `next._etag`. */
  async replace(next: LeaseDocument): Promise<WriteOutcome> {
    try {
      const { resource } = await this.#container
        .item(next.id, next.id)
        .replace(encodeLease(next, this.format), {
          accessCondition: { type: 'IfMatch', condition: next._etag ?? '' },
        });
      const lease = decodeLease(resource, this.format);
      if (lease === undefined) return { ok: false, reason: 'gone' };
      return { ok: true, lease };
    } catch (error) {
      if (isStatus(error, 412)) return { ok: false, reason: 'conflict' };
      if (isStatus(error, 404)) return { ok: false, reason: 'gone' };
      throw error;
    }
  }

  /** Deletes the lease if unchanged since read; false when someone else wrote it first. */
  async delete(lease: Pick<LeaseDocument, 'id' | '_etag'>): Promise<boolean> {
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
