// The files of one container under dataDir: a snapshot (JSON lines: a header `{"lsn","docSeq"}`, then one document
// per line) and journal segments `<base>.<n>.journal` (one committed change per line). A snapshot taken at LSN S
// makes every segment closed at or before S redundant; replay skips journal lines at or below the snapshot's LSN,
// so a crash at any point of a compaction leaves a consistent pair behind.
import {
  closeSync,
  existsSync,
  openSync,
  readdirSync,
  readSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { ItemRecord } from './types.ts';

export interface SnapshotHeader {
  lsn: number;
  docSeq: number;
}

/** Calls `onLine` for each line of a file, reading it in chunks (snapshots can exceed V8's string limit). */
export function forEachLine(path: string, onLine: (line: string) => boolean | void): void {
  const fd = openSync(path, 'r');
  const chunk = Buffer.alloc(4 * 1024 * 1024);
  let carry = '';
  try {
    for (;;) {
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      const text = carry + chunk.toString('utf8', 0, n);
      const lines = text.split('\n');
      carry = lines.pop() ?? '';
      for (const line of lines) if (line !== '' && onLine(line) === false) return;
    }
    if (carry !== '') onLine(carry);
  } finally {
    closeSync(fd);
  }
}

let attempts = 0;
/** Documents written per step of a snapshot (a few ms of work). */
const CHUNK = 2000;

export class ContainerFiles {
  readonly base: string;

  constructor(base: string) {
    this.base = base;
  }

  get snapshotPath(): string {
    return `${this.base}.snapshot.jsonl`;
  }

  /** Journal segment numbers present on disk, oldest first. */
  segments(): number[] {
    const dir = dirname(this.base);
    const prefix = `${basename(this.base)}.`;
    if (!existsSync(dir)) return [];
    return readdirSync(dir)
      .filter((f) => f.startsWith(prefix) && /^\d+\.journal$/.test(f.slice(prefix.length)))
      .map((f) => Number(f.slice(prefix.length, -'.journal'.length)))
      .sort((a, b) => a - b);
  }

  segmentPath(n: number): string {
    return `${this.base}.${n}.journal`;
  }

  /** Removes segments older than `keepFrom`, made redundant by a snapshot. */
  dropSegmentsBefore(keepFrom: number): void {
    for (const n of this.segments()) if (n < keepFrom) rmSync(this.segmentPath(n), { force: true });
  }

  /** Snapshot attempts a crash interrupted. */
  removeTemporaries(): void {
    const dir = dirname(this.base);
    const prefix = `${basename(this.snapshotPath)}.`;
    if (!existsSync(dir)) return;
    for (const f of readdirSync(dir))
      if (f.startsWith(prefix) && f.endsWith('.tmp')) rmSync(join(dir, f), { force: true });
  }

  removeAll(): void {
    for (const n of this.segments()) rmSync(this.segmentPath(n), { force: true });
    rmSync(this.snapshotPath, { force: true });
    this.removeTemporaries();
  }

  /**
   * Writes a snapshot of `records` (taken at `header.lsn`) in the background: a chunk per event-loop turn, so a
   * large container is written without stalling requests. Returns false if `cancelled()` stopped it (the previous
   * snapshot then stays in place).
   */
  async writeSnapshot(
    header: SnapshotHeader,
    records: readonly ItemRecord[],
    keep: (r: ItemRecord) => boolean,
    cancelled: () => boolean,
  ): Promise<boolean> {
    const writer = this.snapshotWriter(header, records, keep);
    for (let step = writer.next(); !step.done; step = writer.next()) {
      await yieldToLoop();
      if (cancelled()) {
        writer.return(undefined);
        return false;
      }
    }
    return true;
  }

  writeSnapshotSync(
    header: SnapshotHeader,
    records: readonly ItemRecord[],
    keep: (r: ItemRecord) => boolean,
  ): void {
    const writer = this.snapshotWriter(header, records, keep);
    while (!writer.next().done);
  }

  /** Writes to a temporary file a chunk per step, and moves it into place once complete. */
  private *snapshotWriter(
    header: SnapshotHeader,
    records: readonly ItemRecord[],
    keep: (r: ItemRecord) => boolean,
  ): Generator<void> {
    const tmp = `${this.snapshotPath}.${++attempts}.tmp`;
    const fd = openSync(tmp, 'w');
    let complete = false;
    try {
      writeSync(fd, `${JSON.stringify(header)}\n`);
      for (let i = 0; i < records.length; i += CHUNK) {
        let text = '';
        for (let j = i; j < Math.min(records.length, i + CHUNK); j++) {
          const r = records[j] as ItemRecord;
          if (keep(r)) text += `${r.json}\n`;
        }
        writeSync(fd, text);
        yield;
      }
      complete = true;
    } finally {
      closeSync(fd);
      if (complete) renameSync(tmp, this.snapshotPath);
      else rmSync(tmp, { force: true });
    }
  }
}

export function legacyFiles(base: string): { snapshot: string; journal: string } {
  return { snapshot: `${base}.snapshot.json`, journal: `${base}.journal` };
}
