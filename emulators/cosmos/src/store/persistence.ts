// Optional durability under `dataDir`: meta.json (databases, containers, counters), and per container an
// append-only journal of committed changes plus a snapshot written on close (after which the journal is reset).
// Journal lines reach the OS before the reply that acknowledges them (no fsync: a process crash loses nothing
// acknowledged, a machine crash may).
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import type { Account } from './account.ts';
import type { ContainerStore } from './container.ts';
import type { Doc } from './types.ts';

interface Meta {
  dbSeq: number;
  collSeq: number;
  databases: { resource: Doc; containers: Doc[] }[];
}

interface Snapshot {
  lsn: number;
  docSeq: number;
  docs: Doc[];
}

interface JournalLine {
  l: number;
  k: string;
  i: string;
  d: Doc | null;
}

function fileSafe(rid: string): string {
  return rid.replace(/[^A-Za-z0-9]/g, (c) => `_${c.charCodeAt(0).toString(16)}`);
}

function writeAtomic(path: string, text: string): void {
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
}

export class Persistence {
  private readonly dir: string;
  private readonly account: Account;
  private readonly journals = new Map<ContainerStore, { fd: number; pending: string[] }>();
  private flushScheduled = false;
  private restoring = false;

  constructor(dir: string, account: Account) {
    this.dir = dir;
    this.account = account;
    mkdirSync(join(dir, 'containers'), { recursive: true });
  }

  private base(store: ContainerStore): string {
    return join(this.dir, 'containers', fileSafe(store.rid));
  }

  /** Loads everything on disk into the account, then starts journaling. */
  load(): void {
    this.restoring = true;
    const metaPath = join(this.dir, 'meta.json');
    if (existsSync(metaPath)) {
      const meta = JSON.parse(readFileSync(metaPath, 'utf8')) as Meta;
      for (const db of meta.databases) {
        this.account.databases.set(String(db.resource.id), { resource: db.resource, containers: new Map() });
        for (const resource of db.containers)
          this.restoreContainer(this.account.openContainer(String(db.resource.id), resource));
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

  private restoreContainer(store: ContainerStore): void {
    const base = this.base(store);
    const now = Date.now();
    const put = (doc: Doc): void => {
      const partition = store.partitionOfDoc(doc);
      const prev = partition.items.get(String(doc.id));
      store.commit(
        partition,
        String(doc.id),
        prev,
        doc,
        prev ? 'replace' : 'create',
        (doc._ts as number) * 1000,
        false,
        doc._lsn as number,
      );
    };
    if (existsSync(`${base}.snapshot.json`)) {
      const snap = JSON.parse(readFileSync(`${base}.snapshot.json`, 'utf8')) as Snapshot;
      // Logs are ordered by LSN, so restore in LSN order.
      snap.docs.sort((a, b) => (a._lsn as number) - (b._lsn as number));
      for (const doc of snap.docs) put(doc);
      store.lsn = Math.max(store.lsn, snap.lsn);
      store.docSeq = snap.docSeq;
    }
    if (existsSync(`${base}.journal`)) {
      for (const line of readFileSync(`${base}.journal`, 'utf8').split('\n')) {
        if (line.trim() === '') continue;
        let entry: JournalLine;
        try {
          entry = JSON.parse(line) as JournalLine;
        } catch {
          break; // a torn last line from a crash
        }
        if (entry.d) {
          put(entry.d);
          store.docSeq++; // over-counting only skips rids, never reuses one
        } else {
          const partition = store.partitions.get(entry.k);
          const prev = partition?.items.get(entry.i);
          if (partition && prev)
            store.commit(partition, entry.i, prev, undefined, 'delete', now, false, entry.l);
        }
        store.lsn = Math.max(store.lsn, entry.l);
      }
    }
    store.sweepExpired(now);
  }

  private attach(store: ContainerStore): void {
    if (this.restoring || this.journals.has(store)) return;
    const fd = openSync(`${this.base(store)}.journal`, 'a');
    const journal = { fd, pending: [] as string[] };
    this.journals.set(store, journal);
    store.onCommit = (change) => {
      const line: JournalLine = { l: change.lsn, k: change.pkJson, i: change.id, d: change.doc ?? null };
      journal.pending.push(JSON.stringify(line));
      this.scheduleFlush();
    };
  }

  private detach(store: ContainerStore, remove: boolean): void {
    const journal = this.journals.get(store);
    store.onCommit = undefined;
    if (journal) {
      this.flushOne(journal);
      closeSync(journal.fd);
      this.journals.delete(store);
    }
    if (remove) {
      rmSync(`${this.base(store)}.journal`, { force: true });
      rmSync(`${this.base(store)}.snapshot.json`, { force: true });
    }
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
    for (const journal of this.journals.values()) this.flushOne(journal);
  }

  private flushOne(journal: { fd: number; pending: string[] }): void {
    if (journal.pending.length === 0) return;
    writeSync(journal.fd, journal.pending.join('\n') + '\n');
    journal.pending = [];
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

  /** Writes snapshots and resets journals. */
  close(): void {
    this.saveMeta();
    for (const db of this.account.databases.values()) {
      for (const store of db.containers.values()) {
        const docs: Doc[] = [];
        for (const partition of store.partitions.values())
          for (const r of partition.items.values()) docs.push(r.doc);
        const snap: Snapshot = { lsn: store.lsn, docSeq: store.docSeq, docs };
        writeAtomic(`${this.base(store)}.snapshot.json`, JSON.stringify(snap));
        this.detach(store, false);
        writeFileSync(`${this.base(store)}.journal`, '');
      }
    }
  }
}
