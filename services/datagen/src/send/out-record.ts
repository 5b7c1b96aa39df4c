// One line of --out per event sent. The body is kept as text when the text gives back the same bytes (valid
// UTF-8, which JSON then escapes losslessly) and as base64 otherwise, so the exact bytes are always recoverable.
import type { EventKind, GeneratedClick, GeneratedEvent } from '../generate/index.ts';

export interface OutRecord {
  seq: number;
  partitionKey?: string;
  /** `click` for clickstream events (with `type` and `schemaVersion`, their application properties). */
  kind: EventKind | 'click';
  type?: string;
  schemaVersion?: number;
  body?: string;
  bodyBase64?: string;
  /** The hub that accepted it, when datagen sends to several. */
  hub?: string;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function asText(bytes: Uint8Array): string | undefined {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}

export function outRecord(event: GeneratedEvent, hub?: string): OutRecord {
  const text = asText(event.body);
  const body =
    text === undefined ? { bodyBase64: Buffer.from(event.body).toString('base64') } : { body: text };
  const record: OutRecord =
    event.partitionKey === undefined
      ? { seq: event.seq, kind: event.kind, ...body }
      : { seq: event.seq, partitionKey: event.partitionKey, kind: event.kind, ...body };
  return hub === undefined ? record : { ...record, hub };
}

/** A clickstream event's record; `seq` counts clicks on their own. */
export function clickRecord(click: GeneratedClick, seq: number): OutRecord {
  return {
    seq,
    kind: 'click',
    type: click.type,
    schemaVersion: click.schemaVersion,
    body: click.body.toString('utf8'),
  };
}

/** The bytes a record says were sent. */
export function recordBytes(record: Pick<OutRecord, 'body' | 'bodyBase64'>): Buffer {
  if (record.body !== undefined) return Buffer.from(record.body, 'utf8');
  if (record.bodyBase64 !== undefined) return Buffer.from(record.bodyBase64, 'base64');
  throw new Error('an --out record needs body or bodyBase64');
}

/** Parses an --out file's text back into records. */
export function parseOutFile(text: string): OutRecord[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as OutRecord);
}
