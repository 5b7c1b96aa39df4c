// The catalog adapter (a repository): every read and write of the `catalog` container goes through here, for
// the admin routes, the movie routes, the api's category loading and reports, cache-sync and the edit CLI.
// Reads check each document against the catalog contract (@marquee/domain) and skip a malformed one with
// its reason, so one bad document written by hand never breaks the list it would have been part of.
import type { Container } from '@azure/cosmos';
import {
  categoryDocId,
  checkCategoryDoc,
  checkMovieDoc,
  movieDocId,
  toCategoryDoc,
  type Category,
  type CategoryDoc,
  type DocCheck,
  type MovieDoc,
} from '@marquee/domain';
import { ConcurrencyError, conflict, hasStatus, notFound } from '@marquee/platform';

export type CatalogDocType = 'category' | 'movie';

/** A document a read skipped, and why. */
export interface InvalidDocument {
  type: CatalogDocType;
  id: string;
  reason: string;
}

export interface CatalogRepositoryOptions {
  /** Called for every malformed document a read skips (see `invalidDocumentReporter`). */
  onInvalid?: (invalid: InvalidDocument) => void;
}

/** Hard: the document goes now. Soft: it is marked deleted and its own ttl removes it later. */
export type DeleteMode = { mode: 'hard' } | { mode: 'soft'; ttlSeconds: number };

/** A document as the store holds it, unchecked (what the write paths need: it may be the malformed one). */
type RawDoc = Record<string, unknown> & { id: string; _etag: string };

const SYSTEM_FIELDS = ['_rid', '_self', '_etag', '_ts', '_attachments', '_lsn'];
const isLive = (raw: RawDoc): boolean => raw.type === 'category' && raw.deleted !== true;

export class CatalogRepository {
  readonly #container: Container;
  readonly #onInvalid: (invalid: InvalidDocument) => void;

  constructor(container: Container, options: CatalogRepositoryOptions = {}) {
    this.#container = container;
    this.#onInvalid = options.onInvalid ?? (() => undefined);
  }

  /** Every category document, soft-deleted ones included (the cache rules hide them): one partition query. */
  async categoryDocuments(): Promise<CategoryDoc[]> {
    return await this.#all('category', checkCategoryDoc);
  }

  /** Every movie, by id. */
  async movies(): Promise<MovieDoc[]> {
    return (await this.#all('movie', checkMovieDoc)).sort((a, b) => a.movieId - b.movieId);
  }

  /** One movie (a point read); undefined when absent or malformed. */
  async movie(movieId: number): Promise<MovieDoc | undefined> {
    const raw = await this.#read(movieDocId(movieId), 'movie');
    return raw === undefined ? undefined : this.#checked('movie', raw, checkMovieDoc);
  }

  /** Adds a category. One soft-deleted and waiting for its ttl is gone for callers: adding it revives it. */
  async createCategory(category: Category): Promise<CategoryDoc> {
    const doc = toCategoryDoc(category);
    try {
      await this.#container.items.create(doc);
      return doc;
    } catch (err) {
      if (!hasStatus(err, 409)) throw err;
    }
    const current = await this.#read(doc.id, 'category');
    if (current === undefined || isLive(current))
      throw conflict(`category ${category.categoryId} already exists`);
    await this.#replace(doc, current._etag, category.categoryId);
    return doc;
  }

  /** Replaces a live category's name and description, only if nobody changed it since it was read. */
  async updateCategory(category: Category): Promise<CategoryDoc> {
    const current = await this.#readLive(category.categoryId);
    const doc = toCategoryDoc(category);
    await this.#replace(doc, current._etag, category.categoryId);
    return doc;
  }

  /** Deletes a live category (404 when there is none), hard or soft. */
  async deleteCategory(categoryId: number, how: DeleteMode): Promise<void> {
    const current = await this.#readLive(categoryId);
    if (how.mode === 'hard') {
      try {
        await this.#container
          .item(current.id, 'category')
          .delete({ accessCondition: { type: 'IfMatch', condition: current._etag } });
      } catch (err) {
        throw writeFailure(err, categoryId);
      }
      return;
    }
    // The latest-version change feed sees the soft delete as a replace; the ttl removes the document later.
    const { id, type, categoryId: storedId, name, description } = current;
    const doc = { id, type, categoryId: storedId, name, description, deleted: true, ttl: how.ttlSeconds };
    await this.#replace(doc, current._etag, categoryId);
  }

  /**
   * Sets fields on a category document as it stands, malformed or soft-deleted (the by-hand repair tool:
   * it must be able to fix the very document readers skip). Returns the document as written.
   */
  async patchCategory(categoryId: number, patch: Record<string, unknown>): Promise<Record<string, unknown>> {
    const current = await this.#read(categoryDocId(categoryId), 'category');
    if (current === undefined) throw notFound(`category ${categoryId} does not exist`);
    const next: Record<string, unknown> & { id: string } = { ...current, ...patch, id: current.id };
    for (const field of SYSTEM_FIELDS) delete next[field];
    await this.#replace(next, current._etag, categoryId);
    return next;
  }

  /** Removes a category document whatever its state (404 when there is none). */
  async purgeCategory(categoryId: number): Promise<void> {
    try {
      await this.#container.item(categoryDocId(categoryId), 'category').delete();
    } catch (err) {
      throw writeFailure(err, categoryId);
    }
  }

  async #all<T>(type: CatalogDocType, check: (raw: unknown) => DocCheck<T>): Promise<T[]> {
    const { resources } = await this.#container.items
      .query<unknown>(
        { query: 'SELECT * FROM c WHERE c.type = @type', parameters: [{ name: '@type', value: type }] },
        { partitionKey: type },
      )
      .fetchAll();
    const docs: T[] = [];
    for (const raw of resources) {
      const doc = this.#checked(type, raw, check);
      if (doc !== undefined) docs.push(doc);
    }
    return docs;
  }

  #checked<T>(type: CatalogDocType, raw: unknown, check: (raw: unknown) => DocCheck<T>): T | undefined {
    const result = check(raw);
    if (result.ok) return result.doc;
    const rawId = (raw as { id?: unknown } | null)?.id;
    const id = typeof rawId === 'string' ? rawId : JSON.stringify(rawId ?? null);
    this.#onInvalid({ type, id, reason: result.reason });
    return undefined;
  }

  async #read(id: string, type: CatalogDocType): Promise<RawDoc | undefined> {
    const { resource } = await this.#container.item(id, type).read<RawDoc>();
    return resource;
  }

  async #readLive(categoryId: number): Promise<RawDoc> {
    const current = await this.#read(categoryDocId(categoryId), 'category');
    if (current === undefined || !isLive(current)) throw notFound(`category ${categoryId} does not exist`);
    return current;
  }

  /** Replaces a document only if nobody changed it since it was read (ETag). */
  async #replace(doc: { id: string }, etag: string, categoryId: number): Promise<void> {
    try {
      await this.#container
        .item(doc.id, 'category')
        .replace(doc, { accessCondition: { type: 'IfMatch', condition: etag } });
    } catch (err) {
      throw writeFailure(err, categoryId);
    }
  }
}

/** A conditional write that lost: 412 (changed since read) is a conflict for the caller, 404 stays 404. */
function writeFailure(err: unknown, categoryId: number): unknown {
  if (hasStatus(err, 412))
    return new ConcurrencyError('the category changed meanwhile; read it again and retry', { cause: err });
  if (hasStatus(err, 404)) return notFound(`category ${categoryId} does not exist`);
  return err;
}
