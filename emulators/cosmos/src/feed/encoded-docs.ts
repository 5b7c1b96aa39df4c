// UTF-8 bytes of the documents the change feed sent lately. Every view of the projector reads the whole `events`
// feed, so each new document goes out once per reader: encoded once and kept for a while, a page is copied
// together from bytes instead of joined as text and encoded again for every reader. Bounded by bytes, oldest
// first out, so a reader far behind (a rebuild) costs only what it reads.
import type { ItemRecord } from '../store/types.ts';

/** Encoded documents kept at most (a few tens of thousands of typical events). */
const MAX_BYTES = 16 * 1024 * 1024;

const kept: ItemRecord[] = [];
let head = 0;
let keptBytes = 0;

/** The record's document as UTF-8, from the cache or encoded now and kept. */
export function utf8Of(record: ItemRecord): Buffer {
  if (record.utf8 !== undefined) return record.utf8;
  const bytes = Buffer.from(record.json);
  record.utf8 = bytes;
  kept.push(record);
  keptBytes += bytes.length;
  while (keptBytes > MAX_BYTES && head < kept.length) {
    const oldest = kept[head++] as ItemRecord;
    keptBytes -= oldest.utf8?.length ?? 0;
    oldest.utf8 = undefined;
  }
  if (head > 4096 && head * 2 > kept.length) {
    kept.splice(0, head);
    head = 0;
  }
  return bytes;
}

/** `{"_rid": rid, key: [parts…], "_count": n}` as bytes, from parts that are JSON already. */
export function feedBodyBytes(rid: string, key: string, parts: readonly Buffer[]): Buffer {
  const open = Buffer.from(`{"_rid":${JSON.stringify(rid)},${JSON.stringify(key)}:[`);
  const close = Buffer.from(`],"_count":${parts.length}}`);
  let length = open.length + close.length + Math.max(0, parts.length - 1);
  for (const part of parts) length += part.length;
  const out = Buffer.allocUnsafe(length);
  let at = open.copy(out, 0);
  parts.forEach((part, i) => {
    if (i > 0) out[at++] = 0x2c; // ','
    at += part.copy(out, at);
  });
  close.copy(out, at);
  return out;
}
