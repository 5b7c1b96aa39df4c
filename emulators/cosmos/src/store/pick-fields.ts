// Reads the parts of a stored document's JSON text that a query needs, without parsing the rest. A filter on
// `c.type` needs one short value of a ~1 KB document, and `c.data.Total > 100` one number inside `data`: walking
// the keys (skipping the values nobody reads as text) and parsing only the wanted values avoids building the
// whole object graph, which is most of a scan's cost at 1M documents. The text is the store's own
// JSON.stringify output, so keys are unique and the first match is the value JSON.parse would give.

/**
 * What of a document a query reads: per property, all of its value (`true`) or, when it is an object, only some
 * of its members (a nested tree). `c.type` and `c.data.Total` give `{type: true, data: {Total: true}}`.
 */
export type Paths = ReadonlyMap<string, Paths | true>;

/** Adds `path` to `tree`; reading all of a value covers reading any of its members. */
export function addPath(tree: Map<string, Paths | true>, path: readonly string[]): void {
  let node = tree;
  for (let i = 0; i < path.length; i++) {
    const key = path[i] as string;
    const existing = node.get(key);
    if (existing === true) return;
    if (i === path.length - 1) {
      node.set(key, true);
      return;
    }
    let next = existing as Map<string, Paths | true> | undefined;
    if (!next) node.set(key, (next = new Map()));
    node = next;
  }
}

/** Calls `fn` with each path of `tree` (to a value read whole). */
export function forEachPath(tree: Paths, fn: (path: string[]) => void, prefix: string[] = []): void {
  for (const [key, sub] of tree) {
    if (sub === true) fn([...prefix, key]);
    else forEachPath(sub, fn, [...prefix, key]);
  }
}

/** The paths of `a` and of `b` (a new tree). */
export function mergePaths(a: Paths, b: Paths): Paths {
  const out = new Map<string, Paths | true>();
  for (const tree of [a, b]) forEachPath(tree, (path) => addPath(out, path));
  return out;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;

/** The wanted paths of the JSON object text `json` (absent ones stay absent). */
export function pickFields(json: string, wanted: Paths): Record<string, unknown> {
  const start = skipSpace(json, 0);
  if (json.charCodeAt(start) !== OPEN_BRACE) return JSON.parse(json) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  pickObject(json, start, wanted, out, false);
  return out;
}

/** A tree's keys as they appear in JSON text (JSON.stringify escapes them one way only), each with its subtree. */
type Keys = { key: string; text: string; sub: Paths | true }[];
const keysOf = new WeakMap<Paths, Keys>();

function keys(wanted: Paths): Keys {
  let list = keysOf.get(wanted);
  if (!list) {
    list = [...wanted].map(([key, sub]) => ({ key, text: JSON.stringify(key).slice(1, -1), sub }));
    keysOf.set(wanted, list);
  }
  return list;
}

/**
 * Copies the wanted members of the object starting at `i` (on its `{`) into `out`. Returns the position after
 * the object, or -1 when it stopped early (everything found and `needEnd` false).
 */
function pickObject(
  s: string,
  i: number,
  wanted: Paths,
  out: Record<string, unknown>,
  needEnd: boolean,
): number {
  const list = keys(wanted);
  let missing = list.length;
  i = skipSpace(s, i + 1);
  while (s.charCodeAt(i) === QUOTE) {
    if (missing === 0 && !needEnd) return -1;
    // Keys are compared in place (no string made per key): a wanted key's text followed by the closing quote.
    let match: Keys[number] | undefined;
    for (const k of list) {
      if (s.charCodeAt(i + 1 + k.text.length) === QUOTE && s.startsWith(k.text, i + 1)) {
        match = k;
        break;
      }
    }
    const keyEnd = match ? i + match.text.length + 2 : stringEnd(s, i);
    i = skipSpace(s, keyEnd);
    i = skipSpace(s, i + 1); // the ':'
    let valueEnd: number;
    if (match && match.sub !== true && s.charCodeAt(i) === OPEN_BRACE) {
      // Only some members of this object are read: pick them, leave the rest as text.
      const inner: Record<string, unknown> = {};
      valueEnd = pickObject(s, i, match.sub, inner, needEnd || missing > 1);
      set(out, match.key, inner);
      missing--;
      if (valueEnd < 0) return -1; // nothing more wanted here or above
    } else {
      valueEnd = valueEndAt(s, i);
      if (match) {
        // All of it (or members of an array or scalar, where member access reads the whole value anyway).
        set(out, match.key, JSON.parse(s.slice(i, valueEnd)));
        missing--;
      }
    }
    i = skipSpace(s, valueEnd);
    if (s.charCodeAt(i) !== 0x2c) break; // ','
    i = skipSpace(s, i + 1);
  }
  return s.charCodeAt(i) === 0x7d ? i + 1 : i; // after '}'
}

/** Sets a property as JSON.parse does, even when it is `__proto__`. */
function set(out: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    out[key] = value;
  }
}

function skipSpace(s: string, i: number): number {
  for (;;) {
    const c = s.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return i;
    i++;
  }
}

/** Position after the string starting at `i` (on its opening quote). */
function stringEnd(s: string, i: number): number {
  let j = i;
  for (;;) {
    j = s.indexOf('"', j + 1);
    if (j < 0) return s.length;
    // The quote is escaped when an odd number of backslashes precede it.
    let k = j - 1;
    while (s.charCodeAt(k) === BACKSLASH) k--;
    if ((j - 1 - k) % 2 === 0) return j + 1;
  }
}

/** Position after the JSON value starting at `i`. */
function valueEndAt(s: string, i: number): number {
  const first = s.charCodeAt(i);
  if (first === QUOTE) return stringEnd(s, i);
  if (first === OPEN_BRACE || first === OPEN_BRACKET) {
    let depth = 0;
    for (let j = i; j < s.length; j++) {
      const c = s.charCodeAt(j);
      if (c === QUOTE) j = stringEnd(s, j) - 1;
      else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
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
