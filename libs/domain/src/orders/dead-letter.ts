// A rejected event is kept, with every reason, in the `deadletters` container so it can be inspected and
// replayed. The id comes from the Event Hubs position, so re-reading the same partition after a restart
// overwrites the same record instead of adding a second one.
import type { EventSource } from './stored-event.ts';
import { asBytes, decodeUtf8 } from './raw-body.ts';
import type { RawBody } from './raw-body.ts';

export interface DeadLetter {
  /** `${partitionId}-${sequenceNumber}`. */
  id: string;
  reasons: string[];
  /** The body as text when it was valid UTF-8 (or a string, or a parsed value re-serialised). */
  rawText?: string;
  /** The body as base64 when it was bytes that are not valid UTF-8. */
  rawBase64?: string;
  source: EventSource;
  /** UTC ISO. */
  receivedAt: string;
}

export function deadLetterId(source: Pick<EventSource, 'partitionId' | 'sequenceNumber'>): string {
  return `${source.partitionId}-${source.sequenceNumber}`;
}

function rawFields(raw: RawBody): Pick<DeadLetter, 'rawText' | 'rawBase64'> {
  const bytes = asBytes(raw);
  if (bytes !== undefined) {
    const text = decodeUtf8(bytes);
    return text === undefined ? { rawBase64: Buffer.from(bytes).toString('base64') } : { rawText: text };
  }
  if (typeof raw === 'string') return { rawText: raw };
  if (raw === undefined) return {};
  // An already-parsed body (the SDK decodes JSON): keep it as JSON text.
  try {
    const text = JSON.stringify(raw) as string | undefined;
    return text === undefined ? {} : { rawText: text };
  } catch {
    return { rawText: '[value that cannot be serialised as JSON]' };
  }
}

export function toDeadLetter(
  raw: RawBody,
  reasons: readonly string[],
  arrival: { receivedAt: Date; source: EventSource },
): DeadLetter {
  return {
    id: deadLetterId(arrival.source),
    reasons: [...reasons],
    ...rawFields(raw),
    source: { ...arrival.source },
    receivedAt: arrival.receivedAt.toISOString(),
  };
}
