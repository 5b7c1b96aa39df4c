// Reads a few top-level properties out of a stored document's JSON text without parsing the rest. A query that
// filters on `c.type` or `c.occurredAt` needs two short values of a ~1 KB document: walking the top-level keys
// and parsing only the wanted values skips building the whole object graph (most of a scan's cost at 1M
// documents). The text is the store's own JSON.stringify output, so keys are unique and the first match is
// the value JSON.parse would give.

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * The wanted top-level properties of the JSON object text `json` (absent ones stay absent); the whole document
 * when one of them is an object or an array.
 */
export function pickFields(json: string, wanted: ReadonlySet<string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  let missing = wanted.size;
  let i = skipSpace(json, 0);
  if (json.charCodeAt(i) !== 0x7b) return JSON.parse(json) as Record<string, unknown>; // not an object
  i = skipSpace(json, i + 1);
  while (missing > 0 && json.charCodeAt(i) === QUOTE) {
    const keyEnd = stringEnd(json, i);
    const raw = json.slice(i + 1, keyEnd - 1);
    const key = raw.includes('\\') ? (JSON.parse(json.slice(i, keyEnd)) as string) : raw;
    i = skipSpace(json, keyEnd);
    i = skipSpace(json, i + 1); // the ':'
    if (wanted.has(key) && isContainer(json.charCodeAt(i))) {
      // A wanted object or array is most of the document (`c.data.Total`): one JSON.parse of the whole text
      // is cheaper than walking the value and then parsing it.
      return JSON.parse(json) as Record<string, unknown>;
    }
    const valueEnd = valueEndAt(json, i);
    if (wanted.has(key)) {
      Object.defineProperty(out, key, {
        value: JSON.parse(json.slice(i, valueEnd)),
        enumerable: true,
        writable: true,
        configurable: true,
      });
      missing--;
    }
    i = skipSpace(json, valueEnd);
    if (json.charCodeAt(i) !== 0x2c) break; // ','
    i = skipSpace(json, i + 1);
  }
  return out;
}

const isContainer = (c: number): boolean => c === 0x7b || c === 0x5b;

function skipSpace(s: string, i: number): number {
  for (;;) {
    const c = s.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return i;
    i++;
  }
}

/** Position after the string starting at `i` (on its opening quote). */
function stringEnd(s: string, i: number): number {
  for (let j = i + 1; j < s.length; j++) {
    const c = s.charCodeAt(j);
    if (c === BACKSLASH) j++;
    else if (c === QUOTE) return j + 1;
  }
  return s.length;
}

/** Position after the JSON value starting at `i`. */
function valueEndAt(s: string, i: number): number {
  const first = s.charCodeAt(i);
  if (first === QUOTE) return stringEnd(s, i);
  if (isContainer(first)) {
    let depth = 0;
    for (let j = i; j < s.length; j++) {
      const c = s.charCodeAt(j);
      if (c === QUOTE) j = stringEnd(s, j) - 1;
      else if (c === 0x7b || c === 0x5b) depth++;
      else if ((c === 0x7d || c === 0x5d) && --depth === 0) return j + 1;
    }
    return s.length;
  }
  let j = i;
  for (; j < s.length; j++) {
    const c = s.charCodeAt(j);
    if (c === 0x2c || c === 0x7d || c === 0x5d || c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) break;
  }
  return j;
}
