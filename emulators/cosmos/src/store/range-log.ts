// Per-range indexes by LSN: the latest-version log (live records, stale ones skipped and compacted away) and the
// bounded all-versions history. Both are append-only arrays ordered by LSN, so a resume point is a binary search.
import type { HistoryEntry, ItemRecord } from './types.ts';

/** First index in `items` whose lsn is greater than `lsn`. */
export function firstAfter<T extends { lsn: number }>(items: readonly T[], lsn: number, start = 0): number {
  let lo = start;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((items[mid]?.lsn ?? 0) <= lsn) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class LatestLog {
  entries: ItemRecord[] = [];
  private staleCount = 0;

  append(record: ItemRecord): void {
    this.entries.push(record);
  }

  markStale(record: ItemRecord): void {
    record.stale = true;
    this.staleCount++;
    // Compact once most of the log is superseded, so scans stay proportional to live items.
    if (this.staleCount > 1024 && this.staleCount * 2 > this.entries.length) {
      this.entries = this.entries.filter((r) => !r.stale);
      this.staleCount = 0;
    }
  }
}

export class HistoryLog {
  private entries: HistoryEntry[] = [];
  private head = 0;
  private readonly retentionMs: number;
  private readonly maxEntries: number;
  /** LSN of the newest entry trimmed away; reads from before it have lost history. */
  trimmedThroughLsn = 0;

  constructor(retentionMs: number, maxEntries: number) {
    this.retentionMs = retentionMs;
    this.maxEntries = maxEntries;
  }

  append(entry: HistoryEntry): void {
    this.entries.push(entry);
    this.trim(entry.atMs);
  }

  trim(nowMs: number): void {
    while (this.head < this.entries.length) {
      const first = this.entries[this.head];
      if (!first) break;
      const tooMany = this.entries.length - this.head > this.maxEntries;
      if (!tooMany && nowMs - first.atMs <= this.retentionMs) break;
      this.trimmedThroughLsn = first.lsn;
      this.head++;
    }
    if (this.head > 4096 && this.head * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
  }

  /** Entries with lsn > `afterLsn`, oldest first. */
  *after(afterLsn: number): Generator<HistoryEntry> {
    for (let i = firstAfter(this.entries, afterLsn, this.head); i < this.entries.length; i++) {
      const e = this.entries[i];
      if (e) yield e;
    }
  }
}
