// Event bodies arrive as bytes, as text, or already parsed by the Event Hubs SDK (it decodes JSON bodies).
// These helpers turn any of the three into a value, keeping the reason when that fails.

/** What ingest may be handed: an already-parsed value, JSON text, or raw bytes. */
export type RawBody = unknown;

// One decoder for every body: a call without `stream` starts afresh, so sharing it is safe, and ingest
// decodes every event it reads.
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Strict UTF-8: a malformed byte sequence is an error, never silently turned into U+FFFD. */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/** The body as bytes when it is binary (Uint8Array, Buffer, ArrayBuffer), else undefined. */
export function asBytes(raw: RawBody): Uint8Array | undefined {
  if (raw instanceof Uint8Array) return raw;
  if (raw instanceof ArrayBuffer) return new Uint8Array(raw);
  return undefined;
}

export type ParsedBody = { ok: true; value: unknown } | { ok: false; reason: string };

/**
 * Bytes (Uint8Array, Buffer, ArrayBuffer) are decoded as UTF-8 then parsed as JSON; a string is always
 * JSON text; anything else is taken to be the parsed value already. A leading byte-order mark is ignored.
 * JSON whose value is a string holding a JSON object (a double-encoded body) gives that object.
 */
export function parseBody(raw: RawBody): ParsedBody {
  let text: string;
  const bytes = asBytes(raw);
  if (bytes !== undefined) {
    const decoded = decodeUtf8(bytes);
    if (decoded === undefined) return { ok: false, reason: 'body is not valid UTF-8' };
    text = decoded;
  } else if (typeof raw === 'string') {
    text = raw.startsWith('\uFEFF') ? raw.slice(1) : raw;
  } else {
    return { ok: true, value: raw };
  }
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch {
    return { ok: false, reason: 'body is not valid JSON' };
  }
  // A JavaScript producer that sends `body: JSON.stringify(order)` has the SDK encode that string as JSON
  // again: the bytes are a JSON string whose text is the order. Decode it once more when it is an object.
  if (typeof value === 'string') {
    const inner = parseJsonObject(value);
    if (inner !== undefined) return { ok: true, value: inner };
  }
  return { ok: true, value };
}

function parseJsonObject(text: string): Record<string, unknown> | undefined {
  if (!text.trimStart().startsWith('{')) return undefined;
  try {
    const value = JSON.parse(text) as unknown;
    return isPlainObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
