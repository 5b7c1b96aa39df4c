// The `views` container seen as versioned documents: point reads (404 → undefined) and ETag-guarded writes
// whose conflicts come back as values, not exceptions, so the read-modify-write loop can decide what to do.
import type { Container } from '@azure/cosmos';
import { statusOf } from '@marquee/platform';
import type { BulkWrites } from './bulk-writes.ts';

export interface Versioned<T> {
  doc: T;
  etag: string;
}

export type WriteOutcome = { ok: true; etag: string } | { ok: false; reason: 'changed' | 'exists' | 'gone' };

/** What the read-modify-write loop needs from a store (Cosmos here, a map in unit tests). */
export interface DocStore<T extends { id: string }> {
  read(id: string): Promise<Versioned<T> | undefined>;
  create(doc: T): Promise<WriteOutcome>;
  replace(doc: T, etag: string): Promise<WriteOutcome>;
}

/** Documents partitioned by `/id` (the views container): the id is the partition key. */
export class VersionedStore<T extends { id: string }> implements DocStore<T> {
  readonly #container: Container;
  readonly #bulk: BulkWrites | undefined;

  /** With `bulk`, writes go out together with the others of the same turn (see bulk-writes.ts). */
  constructor(container: Container, bulk?: BulkWrites) {
    this.#container = container;
    this.#bulk = bulk;
  }

  get container(): Container {
    return this.#container;
  }

  async read(id: string): Promise<Versioned<T> | undefined> {
    try {
      const { resource, etag, statusCode } = await this.#container.item(id, id).read<T>();
      if (statusCode === 404 || resource === undefined) return undefined;
      return { doc: resource, etag: etag ?? resource._etag };
    } catch (err) {
      if (statusOf(err) === 404) return undefined;
      throw err;
    }
  }

  /** Creates the doc; `exists` when someone created it first. */
  async create(doc: T): Promise<WriteOutcome> {
    if (this.#bulk !== undefined) return this.#bulk.create(doc);
    try {
      const { etag } = await this.#container.items.create(doc);
      return { ok: true, etag };
    } catch (err) {
      if (statusOf(err) === 409) return { ok: false, reason: 'exists' };
      throw err;
    }
  }

  /** Replaces the version with this ETag; `changed` (412) when someone wrote it since, `gone` when deleted. */
  async replace(doc: T, etag: string): Promise<WriteOutcome> {
    if (this.#bulk !== undefined) return this.#bulk.replace(doc, etag);
    try {
      const response = await this.#container
        .item(doc.id, doc.id)
        .replace(doc, { accessCondition: { type: 'IfMatch', condition: etag } });
      return { ok: true, etag: response.etag };
    } catch (err) {
      const status = statusOf(err);
      if (status === 412) return { ok: false, reason: 'changed' };
      if (status === 404) return { ok: false, reason: 'gone' };
      throw err;
    }
  }
}
