// Durable partition storage: append-only segment files named by their first sequence number. A batch is written
// with one synchronous write (the page cache makes that cheap); retention deletes whole segments once every event
// in them has been dropped. The newest segment is never deleted, so the next sequence number survives a restart
// even when retention has emptied the partition.
import fs from 'node:fs';
import path from 'node:path';
import { readRecord } from './record.ts';

export interface LoadedPartition {
  bodies: Buffer[];
  times: number[];
  /** Sequence number of bodies[0] (or of the next event when empty). */
  firstSequenceNumber: number;
  nextSequenceNumber: number;
  lastEnqueuedTimeMs: number;
}

interface Segment {
  file: string;
  firstSeq: number;
  lastSeq: number;
  size: number;
}

const SUFFIX = '.seg';
export const DEFAULT_SEGMENT_BYTES = 16 * 1024 * 1024;

export class SegmentStore {
  readonly dir: string;
  private readonly segmentBytes: number;
  private readonly segments: Segment[] = [];
  private fd: number | undefined;

  private constructor(dir: string, segmentBytes: number) {
    this.dir = dir;
    this.segmentBytes = segmentBytes;
  }

  /** Opens (creating if needed) the partition directory and reads back everything it holds. */
  static open(
    dir: string,
    segmentBytes = DEFAULT_SEGMENT_BYTES,
  ): { store: SegmentStore; loaded: LoadedPartition } {
    fs.mkdirSync(dir, { recursive: true });
    const store = new SegmentStore(dir, segmentBytes);
    const loaded: LoadedPartition = {
      bodies: [],
      times: [],
      firstSequenceNumber: 0,
      nextSequenceNumber: 0,
      lastEnqueuedTimeMs: 0,
    };
    const files = fs
      .readdirSync(dir)
      .filter((f) => f.endsWith(SUFFIX))
      .sort();
    for (const name of files) {
      const file = path.join(dir, name);
      const buf = fs.readFileSync(file);
      let pos = 0;
      let firstSeq = Number.parseInt(name, 10);
      let lastSeq = firstSeq - 1;
      for (let rec = readRecord(buf, pos); rec; rec = readRecord(buf, pos)) {
        if (loaded.bodies.length === 0) loaded.firstSequenceNumber = rec.sequenceNumber;
        if (pos === 0) firstSeq = rec.sequenceNumber;
        loaded.bodies.push(rec.body);
        loaded.times.push(rec.timeMs);
        loaded.nextSequenceNumber = rec.sequenceNumber + 1;
        loaded.lastEnqueuedTimeMs = rec.timeMs;
        lastSeq = rec.sequenceNumber;
        pos = rec.next;
      }
      // A crash can leave half a record at the end: cut it so appends continue from a clean boundary.
      if (pos < buf.length) fs.truncateSync(file, pos);
      store.segments.push({ file, firstSeq, lastSeq, size: pos });
    }
    if (loaded.bodies.length === 0) loaded.firstSequenceNumber = loaded.nextSequenceNumber;
    return { store, loaded };
  }

  /** Appends records (already laid out by record.ts) holding sequence numbers firstSeq..lastSeq. */
  append(chunk: Buffer, firstSeq: number, lastSeq: number): void {
    let current = this.segments.at(-1);
    if (!current || current.size >= this.segmentBytes) {
      this.closeFd();
      current = {
        file: path.join(this.dir, `${String(firstSeq).padStart(16, '0')}${SUFFIX}`),
        firstSeq,
        lastSeq: firstSeq - 1,
        size: 0,
      };
      this.segments.push(current);
    }
    this.fd ??= fs.openSync(current.file, 'a');
    let written = 0;
    while (written < chunk.length) written += fs.writeSync(this.fd, chunk, written);
    current.size += chunk.length;
    current.lastSeq = lastSeq;
  }

  /** Deletes segments whose events all precede `sequenceNumber`, keeping the newest segment. */
  dropBefore(sequenceNumber: number): void {
    while (this.segments.length > 1) {
      const oldest = this.segments[0];
      if (!oldest || oldest.lastSeq >= sequenceNumber) return;
      fs.rmSync(oldest.file, { force: true });
      this.segments.shift();
    }
  }

  close(): void {
    this.closeFd();
  }

  private closeFd(): void {
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
  }
}
