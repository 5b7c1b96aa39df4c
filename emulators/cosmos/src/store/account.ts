// Databases and containers (metadata) of the emulated account, each container backed by a ContainerStore.
import { badRequest, conflict, notFound } from '../http/errors.ts';
import { ContainerStore } from './container.ts';
import type { Doc } from './types.ts';

export interface DatabaseEntry {
  resource: Doc;
  containers: Map<string, ContainerStore>;
}

export interface AccountOptions {
  partitionCount: number;
  historyRetentionMs: number;
  historyMaxEntries: number;
  equalityIndex?: boolean;
}

const DEFAULT_INDEXING_POLICY = {
  indexingMode: 'consistent',
  automatic: true,
  includedPaths: [{ path: '/*' }],
  excludedPaths: [{ path: '/"_etag"/?' }],
};

function validateId(id: unknown, what: string): string {
  if (typeof id !== 'string' || id === '' || /[/\\?#]/.test(id) || id.length > 255) {
    throw badRequest(`The ${what} id is missing or invalid.`);
  }
  return id;
}

function resourceEtag(): string {
  return `"${crypto.randomUUID()}"`;
}

export class Account {
  readonly databases = new Map<string, DatabaseEntry>();
  readonly options: AccountOptions;
  dbSeq = 0;
  collSeq = 0;
  /** Called after any database/container metadata change (for persistence). */
  onMetadataChange: (() => void) | undefined;
  /** Called when a container store is created or restored (to attach journaling). */
  onContainerOpened: ((store: ContainerStore) => void) | undefined;
  onContainerDeleted: ((store: ContainerStore) => void) | undefined;
  /** Called before a reply leaves, so acknowledged writes are journaled first. */
  beforeReply: (() => void) | undefined;

  constructor(options: AccountOptions) {
    this.options = options;
  }

  /** By id, or by `_rid`: the .NET SDK addresses some requests (e.g. `/pkranges`) as `dbs/{rid}/colls/{rid}`. */
  database(id: string): DatabaseEntry {
    const db = this.databases.get(id) ?? [...this.databases.values()].find((d) => d.resource._rid === id);
    if (!db) throw notFound(`Resource Not Found. Database '${id}' does not exist.`);
    return db;
  }

  container(dbId: string, collId: string): ContainerStore {
    const containers = this.database(dbId).containers;
    const store = containers.get(collId) ?? [...containers.values()].find((c) => c.rid === collId);
    if (!store) throw notFound(`Resource Not Found. Container '${collId}' does not exist.`);
    return store;
  }

  createDatabase(body: Doc): Doc {
    const id = validateId(body.id, 'database');
    if (this.databases.has(id)) throw conflict(`Database '${id}' already exists.`);
    this.dbSeq++;
    const buf = Buffer.alloc(4);
    buf.writeUInt32BE(this.dbSeq);
    const rid = buf.toString('base64');
    const resource: Doc = {
      id,
      _rid: rid,
      _self: `dbs/${rid}/`,
      _etag: resourceEtag(),
      _colls: 'colls/',
      _users: 'users/',
      _ts: Math.floor(Date.now() / 1000),
    };
    this.databases.set(id, { resource, containers: new Map() });
    this.onMetadataChange?.();
    return resource;
  }

  deleteDatabase(id: string): void {
    const db = this.database(id);
    for (const store of db.containers.values()) this.onContainerDeleted?.(store);
    this.databases.delete(id);
    this.onMetadataChange?.();
  }

  createContainer(dbId: string, body: Doc): ContainerStore {
    const db = this.database(dbId);
    const id = validateId(body.id, 'container');
    if (db.containers.has(id)) throw conflict(`Container '${id}' already exists.`);
    const pk = (body.partitionKey ?? { paths: ['/_partitionKey'] }) as Doc;
    const paths = pk.paths;
    if (
      !Array.isArray(paths) ||
      paths.length !== 1 ||
      typeof paths[0] !== 'string' ||
      !paths[0].startsWith('/')
    ) {
      throw badRequest(
        'The partition key definition must have exactly one path starting with "/" (hierarchical keys are not supported).',
      );
    }
    if (pk.kind !== undefined && pk.kind !== 'Hash')
      throw badRequest(`Partition key kind '${JSON.stringify(pk.kind)}' is not supported.`);
    this.collSeq++;
    const buf = Buffer.alloc(8);
    Buffer.from(String(db.resource._rid), 'base64').copy(buf, 0, 0, 4);
    buf.writeUInt32BE((this.collSeq | 0x80000000) >>> 0, 4);
    const rid = buf.toString('base64').replace(/\//g, '-');
    const resource: Doc = {
      ...body,
      id,
      partitionKey: { paths: [paths[0]], kind: 'Hash', version: 2 },
      indexingPolicy: body.indexingPolicy ?? DEFAULT_INDEXING_POLICY,
      conflictResolutionPolicy: body.conflictResolutionPolicy ?? {
        mode: 'LastWriterWins',
        conflictResolutionPath: '/_ts',
        conflictResolutionProcedure: '',
      },
      geospatialConfig: { type: 'Geography' },
      _rid: rid,
      _self: `dbs/${String(db.resource._rid)}/colls/${rid}/`,
      _etag: resourceEtag(),
      _docs: 'docs/',
      _sprocs: 'sprocs/',
      _triggers: 'triggers/',
      _udfs: 'udfs/',
      _conflicts: 'conflicts/',
      _ts: Math.floor(Date.now() / 1000),
    };
    validateTtl(resource.defaultTtl);
    const store = this.openContainer(dbId, resource);
    this.onMetadataChange?.();
    return store;
  }

  /** Registers a container store for an existing resource (creation and restore). */
  openContainer(dbId: string, resource: Doc): ContainerStore {
    const store = new ContainerStore({ resource, ...this.options });
    this.database(dbId).containers.set(String(resource.id), store);
    this.onContainerOpened?.(store);
    return store;
  }

  replaceContainer(dbId: string, collId: string, body: Doc): ContainerStore {
    const store = this.container(dbId, collId);
    if (body.id !== undefined && body.id !== collId) throw badRequest('The container id cannot be changed.');
    validateTtl(body.defaultTtl);
    const next: Doc = { ...store.resource, _etag: resourceEtag(), _ts: Math.floor(Date.now() / 1000) };
    if (body.indexingPolicy !== undefined) next.indexingPolicy = body.indexingPolicy;
    if (body.defaultTtl === undefined || body.defaultTtl === null) delete next.defaultTtl;
    else next.defaultTtl = body.defaultTtl;
    if (body.changeFeedPolicy !== undefined) next.changeFeedPolicy = body.changeFeedPolicy;
    const ttlChanged = next.defaultTtl !== store.resource.defaultTtl;
    store.resource = next;
    if (ttlChanged) store.recomputeExpiry();
    this.onMetadataChange?.();
    return store;
  }

  deleteContainer(dbId: string, collId: string): void {
    const store = this.container(dbId, collId);
    this.database(dbId).containers.delete(collId);
    this.onContainerDeleted?.(store);
    this.onMetadataChange?.();
  }
}

function validateTtl(ttl: unknown): void {
  if (ttl === undefined || ttl === null) return;
  if (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl === 0 || ttl < -1) {
    throw badRequest('The defaultTtl must be -1 or a positive integer.');
  }
}
