// Optional durability under `dataDir`: meta.json (databases, containers, counters) and, per container, a snapshot
// plus journal segments (see container-files.ts). Journal lines reach the OS before the reply that acknowledges
// them (no fsync: a process crash loses nothing acknowledged, a machine crash may). When a container's journal
// outgrows its snapshot (and `compactBytes`), a new snapshot is written in the background, a chunk per event-loop
// turn, and the segments it covers are deleted: the files stay proportional to the live data, not to its history.
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Account } from './account.ts';
import type { ContainerStore } from './container.ts';
import { ContainerFiles, legacyFiles } from './container-files.ts';
import { restoreContainer } from './restore.ts';
import type { Doc, ItemRecord } from './types.ts';

interface Meta {
  dbSeq: number;
  collSeq: number;
  databases: { resource: Doc; containers: Doc[] }[];
}

interface Journal {
  files: ContainerFiles;
  fd: number;
  segment: number;
  pending: string[];
  /** Journal bytes on disk not covered by the snapshot. */
  bytes: number;
  snapshotBytes: number;
  compacting: boolean;
}

export interface PersistenceOptions {
  /** Journal size (bytes) below which no compaction starts; default 64 MiB. */
  compactBytes?: number;
  onError?: (err: unknown) => void;
}

function fileSafe(rid: string): string {
  return rid.replace(/[^A-Za-z0-9]/g, (c) => `_${c.charCodeAt(0).toString(16)}`);
}

function writeAtomic(path: string, text: string): void {
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
}

const live = (nowMs: number) => (r: ItemRecord) => r.expiresAt === undefined || r.expiresAt > nowMs;

export class Persistence {
  private readonly dir: string;
  private readonly account: Account;
  private readonly options: PersistenceOptions;
  private readonly journals = new Map<ContainerStore, Journal>();
  private flushScheduled = false;
  private restoring = false;
  private closed = false;

  constructor(dir: string, account: Account, options: PersistenceOptions = {}) {
    this.dir = dir;
    this.account = account;
    this.options = options;
    mkdirSync(join(dir, 'containers'), { recursive: true });
  }

  private files(store: ContainerStore): ContainerFiles {
    return new ContainerFiles(join(this.dir, 'containers', fileSafe(store.rid)));
  }

  /** Loads everything on disk into the account, then starts journaling. */
  load(): void {
    this.restoring = true;
    const metaPath = join(this.dir, 'meta.json');
    if (existsSync(metaPath)) {
      const meta = JSON.parse(readFileSync(metaPath, 'utf8')) as Meta;
      for (const db of meta.databases) {
        this.account.databases.set(String(db.resource.id), { resource: db.resource, containers: new Map() });
        for (const resource of db.containers) {
          const store = this.account.openContainer(String(db.resource.id), resource);
          restoreContainer(store, this.files(store));
        }
      }
      this.account.dbSeq = meta.dbSeq;
      this.account.collSeq = meta.collSeq;
    }
    this.restoring = false;
    this.account.onMetadataChange = () => this.saveMeta();
    this.account.onContainerOpened = (store) => this.attach(store);
    this.account.onContainerDeleted = (store) => this.detach(store, true);
    this.account.beforeReply = () => this.flush();
    for (const db of this.account.databases.values())
      for (const store of db.containers.values()) this.attach(store);
  }

  private attach(store: ContainerStore): void {
    if (this.restoring || this.journals.has(store)) return;
    const files = this.files(store);
    files.removeTemporaries();
    const segments = files.segments();
    const bytes = segments.reduce((sum, n) => sum + statSync(files.segmentPath(n)).size, 0);
    const segment = (segments.at(-1) ?? -1) + 1;
    const journal: Journal = {
      files,
      fd: openSync(files.segmentPath(segment), 'a'),
      segment,
      pending: [],
      bytes,
      snapshotBytes: existsSync(files.snapshotPath) ? statSync(files.snapshotPath).size : 0,
      compacting: false,
    };
    this.journals.set(store, journal);
    store.onCommit = (change) => {
      // Built as text: the document is JSON text already.
      journal.pending.push(
        `{"l":${change.lsn},"k":${JSON.stringify(change.pkJson)},"i":${JSON.stringify(change.id)},"d":${change.json ?? 'null'}}`,
      );
      this.scheduleFlush();
    };
  }

  private detach(store: ContainerStore, remove: boolean): void {
    const journal = this.journals.get(store);
    store.onCommit = undefined;
    if (journal) {
      this.flushOne(store, journal);
      closeSync(journal.fd);
      this.journals.delete(store);
    }
    if (remove) this.files(store).removeAll();
  }

  // Writes are flushed before their reply is sent (beforeReply); this catches commits with no reply (TTL sweep).
  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      this.flush();
    });
  }

  flush(): void {
    for (const [store, journal] of this.journals) this.flushOne(store, journal);
  }

  private flushOne(store: ContainerStore, journal: Journal): void {
    if (journal.pending.length === 0) return;
    const text = journal.pending.join('\n') + '\n';
    journal.pending = [];
    writeSync(journal.fd, text);
    journal.bytes += Buffer.byteLength(text);
    const threshold = Math.max(this.options.compactBytes ?? 64 * 1024 * 1024, journal.snapshotBytes);
    if (!journal.compacting && !this.closed && journal.bytes > threshold) {
      this.compact(store, journal).catch((err: unknown) => {
        journal.compacting = false;
        this.options.onError?.(err);
      });
    }
  }

  /** Starts a new segment at the current LSN and writes a snapshot of that moment in the background. */
  private async compact(store: ContainerStore, journal: Journal): Promise<void> {
    journal.compacting = true;
    const header = { lsn: store.lsn, docSeq: store.docSeq };
    const nowMs = Date.now();
    const records = store.records({}, nowMs);
    closeSync(journal.fd);
    journal.segment++;
    journal.fd = openSync(journal.files.segmentPath(journal.segment), 'a');
    journal.bytes = 0;
    const keepFrom = journal.segment;
    const written = await journal.files.writeSnapshot(
      header,
      records,
      live(nowMs),
      () => this.closed || this.journals.get(store) !== journal,
    );
    if (written) {
      journal.files.dropSegmentsBefore(keepFrom);
      journal.snapshotBytes = statSync(journal.files.snapshotPath).size;
    }
    journal.compacting = false;
  }

  private saveMeta(): void {
    const meta: Meta = {
      dbSeq: this.account.dbSeq,
      collSeq: this.account.collSeq,
      databases: [...this.account.databases.values()].map((db) => ({
        resource: db.resource,
        containers: [...db.containers.values()].map((c) => c.resource),
      })),
    };
    writeAtomic(join(this.dir, 'meta.json'), JSON.stringify(meta));
  }

  /** Writes a snapshot of every container and removes the journals it covers. */
  close(): void {
    this.closed = true;
    this.saveMeta();
    for (const db of this.account.databases.values()) {
      for (const store of db.containers.values()) {
        const files = this.files(store);
        this.detach(store, false);
        const nowMs = Date.now();
        files.writeSnapshotSync(
          { lsn: store.lsn, docSeq: store.docSeq },
          store.records({}, nowMs),
          live(nowMs),
        );
        files.dropSegmentsBefore(Number.MAX_SAFE_INTEGER);
        const legacy = legacyFiles(files.base);
        rmSync(legacy.snapshot, { force: true });
        rmSync(legacy.journal, { force: true });
      }
    }
  }
}
