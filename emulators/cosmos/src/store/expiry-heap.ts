// Min-heap of records by expiry time, so a TTL sweep touches only what is due. Entries are never removed early:
// a superseded or deleted record is skipped when it surfaces (checked by the caller).
import type { ItemRecord } from './types.ts';

export class ExpiryHeap {
  private readonly heap: ItemRecord[] = [];

  get size(): number {
    return this.heap.length;
  }

  push(record: ItemRecord): void {
    const h = this.heap;
    h.push(record);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (at(h, parent) <= at(h, i)) break;
      [h[parent], h[i]] = [h[i] as ItemRecord, h[parent] as ItemRecord];
      i = parent;
    }
  }

  /** Removes and returns every record whose expiry is at or before `nowMs`. */
  popDue(nowMs: number): ItemRecord[] {
    const due: ItemRecord[] = [];
    const h = this.heap;
    while (h.length > 0 && at(h, 0) <= nowMs) {
      due.push(h[0] as ItemRecord);
      const last = h.pop() as ItemRecord;
      if (h.length === 0) break;
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && at(h, l) < at(h, m)) m = l;
        if (r < h.length && at(h, r) < at(h, m)) m = r;
        if (m === i) break;
        [h[m], h[i]] = [h[i] as ItemRecord, h[m] as ItemRecord];
        i = m;
      }
    }
    return due;
  }

  clear(): void {
    this.heap.length = 0;
  }

  /** Drops entries that fail `keep` (superseded versions) and restores heap order. */
  compact(keep: (record: ItemRecord) => boolean): void {
    const kept = this.heap.filter(keep);
    this.heap.length = 0;
    for (const record of kept) this.push(record);
  }
}

function at(h: ItemRecord[], i: number): number {
  return h[i]?.expiresAt ?? Infinity;
}
