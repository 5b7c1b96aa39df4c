// Where the slowest orders spent their time: the hops of the orders above p95 against those of all orders, and
// how the tail spreads over ingest's partitions and the store's ranges (one partition or range holding most of
// it points at that partition's receiver or that range's lease, not at the machine). Computed after the run,
// from what the probe kept, so it costs the bench no CPU while orders flow.
import type { EventHops } from './freshness-probe.ts';
import { percentile } from './freshness-probe.ts';

const HOPS = [
  ['Event Hubs → ingest', (h: EventHops) => h.toIngest],
  ['ingest → seen stored', (h: EventHops) => h.toStoredSeen],
  ['ingest → first view', (h: EventHops) => h.toFirstView],
  ['first → last view', (h: EventHops) => h.firstToLast],
] as const;

/** The first seconds of a run meet cold processes (see the projector README): shown apart as well. */
const WARM_MS = 3_000;

function median(xs: number[]): number {
  return percentile(
    xs.sort((a, b) => a - b),
    50,
  );
}

function shares(hops: readonly EventHops[], key: (h: EventHops) => string): string {
  const counts = new Map<string, number>();
  for (const h of hops) counts.set(key(h), (counts.get(key(h)) ?? 0) + 1);
  return [...counts]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, n]) => `${k} ${Math.round((n / hops.length) * 100)}%`)
    .join(', ');
}

/** Tail orders per 2 s slice of the run: spread out (pacing, queueing) or in a few slices (a stall, a pause). */
function overTime(tail: readonly EventHops[], start: number): string {
  const slices: number[] = [];
  for (const h of tail) {
    const i = Math.floor((h.sentAt - start) / 2_000);
    slices[i] = (slices[i] ?? 0) + 1;
  }
  return Array.from(slices, (n) => n ?? 0).join(' ');
}

/** Lines for the bench: the tail's hops (medians) beside everyone's, and its spread over partitions and ranges. */
export function tailSplit(hops: readonly EventHops[], abovePercentile = 95): string[] {
  if (hops.length === 0) return [];
  const cut = percentile(
    hops.map((h) => h.total).sort((a, b) => a - b),
    abovePercentile,
  );
  const tail = hops.filter((h) => h.total > cut);
  if (tail.length === 0) return [];
  const row = (set: readonly EventHops[]): string =>
    HOPS.map(([name, of]) => `${name} ${median(set.map(of))}`).join(', ');
  const start = Math.min(...hops.map((h) => h.sentAt));
  const settled = hops
    .filter((h) => h.sentAt - start >= WARM_MS)
    .map((h) => h.total)
    .sort((a, b) => a - b);
  return [
    `  after the first ${WARM_MS / 1000} s (processes warm): p50 ${percentile(settled, 50)} ms, ` +
      `p99 ${percentile(settled, 99)} ms over ${settled.length} orders`,
    `  tail split (medians, ms; "seen stored" is read every ${process.env.BENCH_EVENTS_ROUND_MS ?? 100} ms, an upper bound):`,
    `    all ${hops.length} orders: ${row(hops)}`,
    `    the ${tail.length} above p${abovePercentile} (${cut} ms): ${row(tail)}`,
    `    tail by ingest partition: ${shares(tail, (h) => h.partition)}; all: ${shares(hops, (h) => h.partition)}`,
    `    tail over the run (orders per 2 s from the first): ${overTime(tail, start)}`,
    `    tail by the view seen last: ${shares(tail, (h) => h.lastView)}; all: ${shares(hops, (h) => h.lastView)}`,
    `    tail by store range: ${shares(tail, (h) => h.range.slice(0, 6))}; all: ${shares(hops, (h) => h.range.slice(0, 6))}`,
  ];
}

/**
 * The projector's GC pauses from `--trace-gc` lines (`BENCH_PROJECTOR_NODE_OPTIONS="--import <abs path>/bench/trace-gc.ts"`): how many, their
 * total and the longest, so a tail made of pauses shows as such. Undefined without such lines.
 */
export function gcPauses(logs: readonly string[]): string | undefined {
  const byKind = new Map<string, number[]>();
  for (const line of logs) {
    const m =
      /: (Scavenge|Mark-Compact|Mark-sweep|Minor Mark-Sweep)\b.*?MB, (?:pooled: [\d.]+ MB, )?([\d.]+) \/ [\d.]+ ms/.exec(
        line,
      );
    if (m?.[1] === undefined || m[2] === undefined) continue;
    byKind.set(m[1], [...(byKind.get(m[1]) ?? []), Number(m[2])]);
  }
  if (byKind.size === 0) return undefined;
  const kinds = [...byKind].map(([kind, pauses]) => {
    const total = pauses.reduce((a, b) => a + b, 0);
    return `${kind} ${pauses.length} pauses, ${total.toFixed(0)} ms in all, longest ${Math.max(...pauses).toFixed(1)} ms`;
  });
  return `  projector GC (whole run, start included): ${kinds.join('; ')}`;
}
