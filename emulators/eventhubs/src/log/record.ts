// Layout of one stored event, shared by memory and disk so a batch is written to its segment file exactly as it
// sits in memory: [u32 body length][f64 sequence number][f64 enqueued time ms][body].
export const RECORD_HEADER_SIZE = 20;

export function writeRecordHeader(
  buf: Buffer,
  pos: number,
  bodyLength: number,
  sequenceNumber: number,
  timeMs: number,
): void {
  buf.writeUInt32BE(bodyLength, pos);
  buf.writeDoubleBE(sequenceNumber, pos + 4);
  buf.writeDoubleBE(timeMs, pos + 12);
}

export interface RecordRead {
  sequenceNumber: number;
  timeMs: number;
  body: Buffer;
  /** Position after the record. */
  next: number;
}

/** Reads the record at `pos`; undefined when the buffer ends inside it (a torn write). */
export function readRecord(buf: Buffer, pos: number): RecordRead | undefined {
  if (pos + RECORD_HEADER_SIZE > buf.length) return undefined;
  const length = buf.readUInt32BE(pos);
  const next = pos + RECORD_HEADER_SIZE + length;
  if (next > buf.length) return undefined;
  return {
    sequenceNumber: buf.readDoubleBE(pos + 4),
    timeMs: buf.readDoubleBE(pos + 12),
    body: buf.subarray(pos + RECORD_HEADER_SIZE, next),
    next,
  };
}
