// Splits what a producer transferred into events without decoding them. With message format 0x80013700 (what the
// SDK always sends) the payload is an envelope whose `data` sections each hold one complete encoded message;
// with format 0 the payload is itself one message.
import {
  MalformedAmqpError,
  SECTION,
  forEachMapEntry,
  readText,
  sectionCode,
  sectionValueStart,
  valueEnd,
  variableSpan,
} from './codec.ts';

export const BATCH_MESSAGE_FORMAT = 0x80013700;

/** One event as byte ranges of the transfer buffer. */
export interface IncomingEvent {
  headerStart: number;
  headerEnd: number;
  /** Message-annotation entries the producer set that the emulator keeps, as [start, end) pairs. */
  keptAnnotations: number[] | undefined;
  keptAnnotationsSize: number;
  keptAnnotationItems: number;
  restStart: number;
  end: number;
}

export interface IncomingBatch {
  buf: Buffer;
  events: IncomingEvent[];
  partitionKey: string | undefined;
}

const PARTITION_KEY = 'x-opt-partition-key';
// Service-owned annotations: whatever a producer puts there is replaced.
const OWNED = new Set(['x-opt-sequence-number', 'x-opt-offset', 'x-opt-enqueued-time']);

export function parseTransfer(buf: Buffer, format: number): IncomingBatch {
  if (format !== BATCH_MESSAGE_FORMAT) {
    const single = parseMessage(buf, 0, buf.length);
    return { buf, events: [single.event], partitionKey: single.partitionKey };
  }
  const events: IncomingEvent[] = [];
  let partitionKey: string | undefined;
  let pos = 0;
  while (pos < buf.length) {
    const code = sectionCode(buf, pos);
    const valuePos = sectionValueStart(buf, pos);
    const end = valueEnd(buf, valuePos);
    if (code === SECTION.messageAnnotations) {
      partitionKey = findPartitionKey(buf, valuePos);
    } else if (code === SECTION.data) {
      const span = variableSpan(buf, valuePos);
      if (!span) throw new MalformedAmqpError('data section is not binary');
      const inner = parseMessage(buf, span.start, span.end);
      if (events.length === 0 && partitionKey === undefined) partitionKey = inner.partitionKey;
      events.push(inner.event);
    }
    pos = end;
  }
  if (events.length === 0) throw new MalformedAmqpError('batch message without data sections');
  return { buf, events, partitionKey };
}

function findPartitionKey(buf: Buffer, mapPos: number): string | undefined {
  let key: string | undefined;
  forEachMapEntry(buf, mapPos, (keyPos, valuePos) => {
    if (readText(buf, keyPos) === PARTITION_KEY) key = readText(buf, valuePos);
  });
  return key;
}

function parseMessage(
  buf: Buffer,
  start: number,
  end: number,
): { event: IncomingEvent; partitionKey: string | undefined } {
  const event: IncomingEvent = {
    headerStart: start,
    headerEnd: start,
    keptAnnotations: undefined,
    keptAnnotationsSize: 0,
    keptAnnotationItems: 0,
    restStart: end,
    end,
  };
  let partitionKey: string | undefined;
  let pos = start;
  while (pos < end) {
    const code = sectionCode(buf, pos);
    const valuePos = sectionValueStart(buf, pos);
    const next = valueEnd(buf, valuePos);
    if (next > end) throw new MalformedAmqpError('section runs past its message');
    if (code === SECTION.header) {
      event.headerStart = pos;
      event.headerEnd = next;
    } else if (code === SECTION.deliveryAnnotations) {
      // Delivery annotations are hop-by-hop: not stored.
    } else if (code === SECTION.messageAnnotations) {
      forEachMapEntry(buf, valuePos, (keyPos, entryValuePos, entryEnd) => {
        const key = readText(buf, keyPos);
        if (key !== undefined && OWNED.has(key)) return;
        if (key === PARTITION_KEY) partitionKey = readText(buf, entryValuePos);
        (event.keptAnnotations ??= []).push(keyPos, entryEnd);
        event.keptAnnotationsSize += entryEnd - keyPos;
        event.keptAnnotationItems += 2;
      });
    } else {
      event.restStart = pos;
      break;
    }
    pos = next;
  }
  return { event, partitionKey };
}
