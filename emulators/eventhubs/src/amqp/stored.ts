// Builds the bytes a consumer receives: the producer's message with the service's message annotations spliced in
// (sequence number as long, offset as string, enqueued time as timestamp, plus whatever the producer annotated,
// partition key included). Properties, application properties and body are copied byte for byte.
import {
  MAP_SECTION_OVERHEAD,
  SECTION,
  asciiStringSize,
  symbolSize,
  valueEnd,
  writeAsciiString,
  writeLong,
  writeMapSectionHeader,
  writeSymbol,
} from './codec.ts';
import type { IncomingEvent } from './incoming.ts';

const SEQUENCE_NUMBER = 'x-opt-sequence-number';
const OFFSET = 'x-opt-offset';
const ENQUEUED_TIME = 'x-opt-enqueued-time';
const FIXED_ANNOTATIONS_SIZE =
  symbolSize(SEQUENCE_NUMBER.length) + 9 + symbolSize(OFFSET.length) + symbolSize(ENQUEUED_TIME.length) + 9;

/** Offsets are the sequence number as a decimal string: opaque to clients, as the v6 SDK treats them. */
export function offsetOf(sequenceNumber: number): string {
  return String(sequenceNumber);
}

export function storedSize(ev: IncomingEvent, offset: string): number {
  return (
    ev.headerEnd -
    ev.headerStart +
    MAP_SECTION_OVERHEAD +
    FIXED_ANNOTATIONS_SIZE +
    asciiStringSize(offset.length) +
    ev.keptAnnotationsSize +
    (ev.end - ev.restStart)
  );
}

export function writeStored(
  target: Buffer,
  pos: number,
  src: Buffer,
  ev: IncomingEvent,
  sequenceNumber: number,
  offset: string,
  enqueuedTimeMs: number,
): number {
  pos += src.copy(target, pos, ev.headerStart, ev.headerEnd);
  const bodySize = FIXED_ANNOTATIONS_SIZE + asciiStringSize(offset.length) + ev.keptAnnotationsSize;
  pos = writeMapSectionHeader(target, pos, SECTION.messageAnnotations, bodySize, 6 + ev.keptAnnotationItems);
  pos = writeSymbol(target, pos, SEQUENCE_NUMBER);
  pos = writeLong(target, pos, 0x81, sequenceNumber);
  pos = writeSymbol(target, pos, OFFSET);
  pos = writeAsciiString(target, pos, offset);
  pos = writeSymbol(target, pos, ENQUEUED_TIME);
  pos = writeLong(target, pos, 0x83, enqueuedTimeMs);
  const kept = ev.keptAnnotations;
  if (kept) {
    for (let i = 0; i + 1 < kept.length; i += 2) pos += src.copy(target, pos, kept[i], kept[i + 1]);
  }
  return pos + src.copy(target, pos, ev.restStart, ev.end);
}

export interface RuntimeInfo {
  lastSequenceNumber: number;
  lastEnqueuedTimeMs: number;
  retrievalTimeMs: number;
}

const LAST_SEQ = 'last_enqueued_sequence_number';
const LAST_OFFSET = 'last_enqueued_offset';
const LAST_TIME = 'last_enqueued_time_utc';
const RETRIEVAL_TIME = 'runtime_info_retrieval_time_utc';

/** A copy of a stored message with the receiver runtime metric as delivery annotations (after any header). */
export function withRuntimeInfo(stored: Buffer, info: RuntimeInfo): Buffer {
  const headerEnd =
    stored[0] === 0x00 && stored[1] === 0x53 && stored[2] === SECTION.header ? valueEnd(stored, 0) : 0;
  const lastOffset = offsetOf(info.lastSequenceNumber);
  const body =
    symbolSize(LAST_SEQ.length) +
    9 +
    symbolSize(LAST_OFFSET.length) +
    asciiStringSize(lastOffset.length) +
    symbolSize(LAST_TIME.length) +
    9 +
    symbolSize(RETRIEVAL_TIME.length) +
    9;
  const out = Buffer.allocUnsafe(stored.length + MAP_SECTION_OVERHEAD + body);
  let pos = stored.copy(out, 0, 0, headerEnd);
  pos = writeMapSectionHeader(out, pos, SECTION.deliveryAnnotations, body, 8);
  pos = writeSymbol(out, pos, LAST_SEQ);
  pos = writeLong(out, pos, 0x81, info.lastSequenceNumber);
  pos = writeSymbol(out, pos, LAST_OFFSET);
  pos = writeAsciiString(out, pos, lastOffset);
  pos = writeSymbol(out, pos, LAST_TIME);
  pos = writeLong(out, pos, 0x83, info.lastEnqueuedTimeMs);
  pos = writeSymbol(out, pos, RETRIEVAL_TIME);
  pos = writeLong(out, pos, 0x83, info.retrievalTimeMs);
  stored.copy(out, pos, headerEnd);
  return out;
}
