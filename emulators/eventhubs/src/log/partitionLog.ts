// The events of one partition, oldest first, as the bytes consumers receive. Each appended batch becomes one
// buffer of records (see record.ts); events are views into it, so appending costs one allocation per batch and
// delivering costs none.
import type { IncomingBatch } from '../amqp/incoming.ts';
import { offsetOf, storedSize, writeStored } from '../amqp/stored.ts';
import { RECORD_HEADER_SIZE, writeRecordHeader } from './record.ts';
import { eventsToDrop, type RetentionConfig } from './retention.ts';
import type { LoadedPartition, SegmentStore } from './segmentStore.ts';

export class PartitionLog {
  private bodies: Buffer[] = [];
  private times: number[] = [];
  private head = 0;
  /** Sequence number of bodies[0]. */
  private base = 0;
  private bytes = 0;
  private readonly retention: Required<RetentionConfig>;
  private readonly store: SegmentStore | undefined;
  private readonly listeners = new Set<() => void>();
  nextSequenceNumber = 0;
  lastEnqueuedTimeMs = 0;

  constructor(retention: Required<RetentionConfig>, store?: SegmentStore, loaded?: LoadedPartition) {
    this.retention = retention;
    this.store = store;
    if (loaded) {
      this.bodies = loaded.bodies;
      this.times = loaded.times;
      this.base = loaded.firstSequenceNumber;
      this.nextSequenceNumber = loaded.nextSequenceNumber;
      this.lastEnqueuedTimeMs = loaded.lastEnqueuedTimeMs;
      for (const b of loaded.bodies) this.bytes += b.length;
    }
  }

  /** Earliest sequence number still available (equals nextSequenceNumber when the partition is empty). */
  get firstSequenceNumber(): number {
    return this.base + this.head;
  }

  get lastSequenceNumber(): number {
    return this.nextSequenceNumber - 1;
  }

  get isEmpty(): boolean {
    return this.firstSequenceNumber >= this.nextSequenceNumber;
  }

  get retainedBytes(): number {
    return this.bytes;
  }

  /** Stored bytes of the event with this sequence number; it must be in [first, next). */
  eventAt(sequenceNumber: number): Buffer {
    return this.bodies[sequenceNumber - this.base] as Buffer;
  }

  /** First sequence number whose enqueued time is after `timeMs` (nextSequenceNumber if none). */
  firstAfterTime(timeMs: number): number {
    let lo = this.head;
    let hi = this.bodies.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.times[mid] as number) > timeMs) hi = mid;
      else lo = mid + 1;
    }
    return this.base + lo;
  }

  onAppend(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Assigns sequence numbers, stores the batch (and writes it to disk when durable), then wakes consumers. */
  append(batch: IncomingBatch, nowMs: number): void {
    // Enqueued times never go backwards within a partition, so time-based positions can binary-search.
    const time = Math.max(nowMs, this.lastEnqueuedTimeMs);
    const first = this.nextSequenceNumber;
    const events = batch.events;
    let total = 0;
    for (let i = 0; i < events.length; i++) {
      total += RECORD_HEADER_SIZE + storedSize(events[i]!, offsetOf(first + i));
    }
    const chunk = Buffer.allocUnsafeSlow(total);
    let pos = 0;
    for (let i = 0; i < events.length; i++) {
      const seq = first + i;
      const bodyStart = pos + RECORD_HEADER_SIZE;
      const end = writeStored(chunk, bodyStart, batch.buf, events[i]!, seq, offsetOf(seq), time);
      writeRecordHeader(chunk, pos, end - bodyStart, seq, time);
      this.bodies.push(chunk.subarray(bodyStart, end));
      this.times.push(time);
      pos = end;
    }
    this.bytes += total - RECORD_HEADER_SIZE * events.length;
    this.nextSequenceNumber = first + events.length;
    this.lastEnqueuedTimeMs = time;
    this.store?.append(chunk, first, this.nextSequenceNumber - 1);
    this.applyRetention(nowMs);
    for (const listener of this.listeners) listener();
  }

  applyRetention(nowMs: number): void {
    const head = this.head;
    const drop = eventsToDrop(
      {
        count: this.bodies.length - head,
        bytes: this.bytes,
        sizeAt: (i) => (this.bodies[head + i] as Buffer).length,
        timeAt: (i) => this.times[head + i] as number,
      },
      this.retention,
      nowMs,
    );
    if (drop === 0) return;
    for (let i = head; i < head + drop; i++) {
      this.bytes -= (this.bodies[i] as Buffer).length;
      this.bodies[i] = EMPTY;
    }
    this.head += drop;
    // Compact once the dropped prefix dominates, so memory and index math stay bounded.
    if (this.head > 1024 && this.head * 2 > this.bodies.length) {
      this.bodies = this.bodies.slice(this.head);
      this.times = this.times.slice(this.head);
      this.base += this.head;
      this.head = 0;
    }
    this.store?.dropBefore(this.firstSequenceNumber);
  }

  close(): void {
    this.listeners.clear();
    this.store?.close();
  }
}

const EMPTY = Buffer.alloc(0);
