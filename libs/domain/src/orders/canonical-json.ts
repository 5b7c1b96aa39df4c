// Canonical JSON: object keys sorted (by UTF-16 code units, the default sort) at every depth, arrays in
// order, no whitespace. Two senders that serialise the same order differently get the same text, and so the
// same hash. Written out by hand rather than via sorted objects because JS engines put integer-like keys
// ("10", "2") first in numeric order whatever the insertion order.

const isOmitted = (value: unknown): boolean =>
  value === undefined || typeof value === 'function' || typeof value === 'symbol';

/** The canonical JSON text of a JSON-compatible value (values JSON cannot carry are dropped like JSON.stringify does). */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map((item: unknown) => (isOmitted(item) ? 'null' : canonicalJson(item))).join(',')}]`;
  }
  if (typeof value === 'object' && value !== null) {
    const withToJson = value as { toJSON?: () => unknown };
    if (typeof withToJson.toJSON === 'function') return canonicalJson(withToJson.toJSON());
    const source = value as Record<string, unknown>;
    const members = Object.keys(source)
      .sort()
      .filter((key) => !isOmitted(source[key]))
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(source[key])}`);
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
