// Value semantics of Cosmos SQL shared by the evaluator: the ORDER BY comparator, undefined-stripping of results
// and streaming aggregate accumulators. They follow @zeit/cosmosdb-query's helpers (whose results our tests and
// services were written against) but run in one pass: its versions copy arrays once per element.

const TYPE_ORDER = ['undefined', 'null', 'boolean', 'number', 'string', 'array', 'object'];

export function typeOf(v: unknown): string {
  const t = typeof v;
  if (t !== 'object') return t;
  if (v === null) return 'null';
  return Array.isArray(v) ? 'array' : t;
}

/** ORDER BY order: undefined < null < booleans < numbers < strings < arrays < objects; objects tie. */
export function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  const ta = typeOf(a);
  const tb = typeOf(b);
  if (ta === tb) {
    if (ta === 'object') return 0;
    return (a as number) < (b as number) ? -1 : 1;
  }
  return TYPE_ORDER.indexOf(ta) - TYPE_ORDER.indexOf(tb) < 0 ? -1 : 1;
}

/** JSON results never hold `undefined`: drop it from arrays and objects (a copy; inputs are not touched). */
export function stripUndefined(value: unknown): unknown {
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const v of value) if (v !== undefined) out.push(stripUndefined(v));
    return out;
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = stripUndefined(v);
    return out;
  }
  return value;
}

export interface Accumulator {
  add(value: unknown): void;
  result(): unknown;
}

type Extremum = 'MAX' | 'MIN';

// MAX prefers strings > numbers > booleans > null across types; MIN the reverse. Objects poison the result.
const RANK: Record<string, number> = { null: 0, boolean: 1, number: 2, string: 3 };

function extremum(kind: Extremum): Accumulator {
  let best: unknown = undefined;
  let poisoned = false;
  return {
    add(v) {
      if (v === undefined || poisoned) return;
      if (v !== null && typeof v === 'object') {
        poisoned = true;
        return;
      }
      if (best === undefined) {
        best = v;
        return;
      }
      const tb = typeOf(best);
      const tv = typeOf(v);
      const better =
        tb === tv
          ? kind === 'MAX'
            ? (v as number) > (best as number)
            : (v as number) < (best as number)
          : kind === 'MAX'
            ? (RANK[tv] ?? 0) > (RANK[tb] ?? 0)
            : (RANK[tv] ?? 0) < (RANK[tb] ?? 0);
      if (better) best = v;
    },
    result: () => (poisoned ? undefined : best),
  };
}

export function accumulator(name: string): Accumulator | undefined {
  switch (name) {
    case 'COUNT': {
      let n = 0;
      return { add: (v) => void (v !== undefined && n++), result: () => n };
    }
    case 'SUM': {
      let sum: number | undefined = 0;
      return {
        add(v) {
          if (v === undefined) return;
          sum = typeof sum === 'number' && typeof v === 'number' ? sum + v : undefined;
        },
        result: () => sum,
      };
    }
    case 'AVG': {
      let rows = 0;
      let sum = 0;
      let n = 0;
      let invalid = false;
      return {
        add(v) {
          rows++;
          if (typeof v === 'number') {
            sum += v;
            n++;
          } else if (v !== undefined) invalid = true;
        },
        result: () => (rows === 0 || invalid ? undefined : sum / n),
      };
    }
    case 'MAX':
    case 'MIN':
      return extremum(name);
    default:
      return undefined;
  }
}
