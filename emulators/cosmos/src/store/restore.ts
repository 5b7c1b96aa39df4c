// Start-up: a container's snapshot, then its journal segments in order (lines at or below the snapshot's LSN are
// already in it). Files of the earlier format (`.snapshot.json`, one `.journal`) are read too.
import { existsSync, readFileSync } from 'node:fs';
import type { ContainerStore } from './container.ts';
import { forEachLine, legacyFiles, type ContainerFiles, type SnapshotHeader } from './container-files.ts';
import type { Doc } from './types.ts';

interface JournalLine {
  l: number;
  k: string;
  i: string;
  d: Doc | null;
}

function put(store: ContainerStore, doc: Doc): void {
  const partition = store.partitionOfDoc(doc);
  const prev = partition.items.get(String(doc.id));
  const ms = (doc._ts as number) * 1000;
  store.commit(
    partition,
    String(doc.id),
    prev,
    doc,
    prev ? 'replace' : 'create',
    ms,
    false,
    doc._lsn as number,
  );
}

function replay(store: ContainerStore, path: string, afterLsn: number, nowMs: number): void {
  forEachLine(path, (line) => {
    let entry: JournalLine;
    try {
      entry = JSON.parse(line) as JournalLine;
    } catch {
      return false; // a torn last line from a crash
    }
    if (entry.l <= afterLsn) return;
    if (entry.d) {
      put(store, entry.d);
      store.docSeq++; // over-counting only skips rids, never reuses one
    } else {
      const partition = store.partitions.get(entry.k);
      const prev = partition?.items.get(entry.i);
      if (partition && prev)
        store.commit(partition, entry.i, prev, undefined, 'delete', nowMs, false, entry.l);
    }
    store.lsn = Math.max(store.lsn, entry.l);
  });
}

export function restoreContainer(store: ContainerStore, files: ContainerFiles): void {
  const nowMs = Date.now();
  const legacy = legacyFiles(files.base);
  let snapshotLsn = 0;
  if (existsSync(files.snapshotPath)) {
    let header: SnapshotHeader | undefined;
    // Written range by range in LSN order, which is the order each range's log needs.
    forEachLine(files.snapshotPath, (line) => {
      if (!header) header = JSON.parse(line) as SnapshotHeader;
      else put(store, JSON.parse(line) as Doc);
    });
    if (header) {
      snapshotLsn = header.lsn;
      store.lsn = Math.max(store.lsn, header.lsn);
      store.docSeq = header.docSeq;
    }
  } else if (existsSync(legacy.snapshot)) {
    const snap = JSON.parse(readFileSync(legacy.snapshot, 'utf8')) as SnapshotHeader & { docs: Doc[] };
    snap.docs.sort((a, b) => (a._lsn as number) - (b._lsn as number));
    for (const doc of snap.docs) put(store, doc);
    snapshotLsn = snap.lsn;
    store.lsn = Math.max(store.lsn, snap.lsn);
    store.docSeq = snap.docSeq;
  }
  if (existsSync(legacy.journal)) replay(store, legacy.journal, snapshotLsn, nowMs);
  for (const n of files.segments()) replay(store, files.segmentPath(n), snapshotLsn, nowMs);
  store.sweepExpired(nowMs);
}
