// A rejected event is kept, with every reason, in the `deadletters` container so it can be inspected and
// replayed. The id comes from the Event Hubs position, so re-reading the same partition after a restart
// overwrites the same record instead of adding a second one.
import type { EventSource } from './stored-event.ts';
import { asBytes, decodeUtf8 } from './raw-body.ts';
import type { RawBody } from './raw-body.ts';

export interface DeadLetter {
  /** `${partitionId}-${sequenceNumber}`, or `${eventHub}-${partitionId}-${sequenceNumber}` (several hubs). */
  id: string;
  /** At most 20 reasons (see summarizeReasons), each at most 500 characters. */
  reasons: string[];
  /** How many reasons there were before summarizing. */
  reasonCount: number;
  /** What the dead letter is grouped and counted under: the first reason, line numbers taken out. */
  reasonGroup: string;
  /** The body as text when it was valid UTF-8 (or a string, or a parsed value re-serialised). */
  rawText?: string;
  /** The body as base64 when it was bytes that are not valid UTF-8. */
  rawBase64?: string;
  source: EventSource;
  /** UTC ISO. */
  receivedAt: string;
  /** The type and version the producer declared (application properties), kept so a replay judges it alike. */
  declared?: { type?: string; schemaVersion?: string | number };
}

const MAX_REASONS = 20;
const MAX_REASON_LENGTH = 500;
const MAX_GROUP_LENGTH = 120;

const clip = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/**
 * A bounded list of reasons: a record with 100,000 of them once was too large for the store and blocked its
 * partition. Past 20, the first line says how many there were and the first 20 follow.
 */
export function summarizeReasons(reasons: readonly string[]): string[] {
  const kept = reasons.slice(0, MAX_REASONS).map((reason) => clip(reason, MAX_REASON_LENGTH));
  if (reasons.length <= MAX_REASONS) return kept;
  return [`${reasons.length.toLocaleString('en-US')} reasons; the first ${MAX_REASONS} follow`, ...kept];
}

/** `Details[7].Quantity must be <= 100` → `Details[].Quantity must be <= 100`: few groups, stable metric labels. */
export function reasonGroupOf(reasons: readonly string[]): string {
  const first = reasons[0] ?? 'no reason given';
  return clip(first.replace(/\[\d+\]/g, '[]'), MAX_GROUP_LENGTH);
}

export function deadLetterId(
  source: Pick<EventSource, 'eventHub' | 'partitionId' | 'sequenceNumber'>,
): string {
  // Two hubs both have a partition 0 with a sequence number 7: the hub keeps their records apart.
  const position = `${source.partitionId}-${source.sequenceNumber}`;
  return source.eventHub === undefined ? position : `${source.eventHub}-${position}`;
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
  arrival: { receivedAt: Date; source: EventSource; declared?: { type?: unknown; schemaVersion?: unknown } },
): DeadLetter {
  const declared = declaredOf(arrival.declared);
  return {
    id: deadLetterId(arrival.source),
    reasons: summarizeReasons(reasons),
    reasonCount: reasons.length,
    reasonGroup: reasonGroupOf(reasons),
    ...rawFields(raw),
    source: { ...arrival.source },
    receivedAt: arrival.receivedAt.toISOString(),
    ...(declared === undefined ? {} : { declared }),
  };
}

/** Declared type and version as bounded text or numbers; nothing when the producer declared nothing. */
function declaredOf(raw: { type?: unknown; schemaVersion?: unknown } | undefined): DeadLetter['declared'] {
  const kept = (value: unknown): string | number | undefined =>
    value === undefined || value === null
      ? undefined
      : typeof value === 'number'
        ? value
        : typeof value === 'string'
          ? clip(value, 100)
          : `(a ${typeof value})`;
  const type = kept(raw?.type);
  const schemaVersion = kept(raw?.schemaVersion);
  if (type === undefined && schemaVersion === undefined) return undefined;
  return {
    ...(type === undefined ? {} : { type: String(type) }),
    ...(schemaVersion === undefined ? {} : { schemaVersion }),
  };
}
