// What `pnpm bench stack-soak` samples while it runs: resident memory of each process and the stack's data
// folder (from /proc and the file system, Linux), the slowest view's progress from projector metrics, and the
// time of the queries an operator runs against `events`, each with point reads alongside to show whether it
// held the Cosmos emulator's event loop.
import { readFileSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Container } from '@azure/cosmos';

/** Resident set size of a process in MiB (NaN once it is gone). */
export function rssMiB(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? Number.NaN : Number(kb) / 1024;
  } catch {
    return Number.NaN;
  }
}

/** Bytes under a folder (files only, no links followed). */
export async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    try {
      total += (await stat(path.join(entry.parentPath, entry.name))).size;
    } catch {
      // removed meanwhile (a compacted journal, an expired segment)
    }
  }
  return total;
}

/** Bytes per top-level part of the data folder (eventhubs, cosmos, azurite). */
export async function partBytes(dir: string): Promise<Record<string, number>> {
  const parts: Record<string, number> = {};
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) parts[entry.name] = await folderBytes(path.join(dir, entry.name));
  }
  return parts;
}

/** The lowest per-view value of a labelled counter: how far the slowest view has got. */
export function slowestView(metricsText: string, name: string): number {
  let lowest = Number.POSITIVE_INFINITY;
  for (const line of metricsText.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    lowest = Math.min(lowest, Number(line.slice(line.lastIndexOf(' ') + 1)));
  }
  return Number.isFinite(lowest) ? lowest : 0;
}

/** The queries of issue 14 over the event store: ids are `pay_<seed hex>_<ordinal, 10 digits>`. */
export function soakQueries(seed: number): [string, string][] {
  const prefix = `pay_${seed.toString(16).padStart(8, '0')}_00000001`;
  return [
    ['COUNT', 'SELECT VALUE COUNT(1) FROM c'],
    ['MAX(_lsn)', 'SELECT VALUE MAX(c._lsn) FROM c'],
    ['TOP 1 ORDER BY _lsn DESC', 'SELECT TOP 1 c.id, c._lsn FROM c ORDER BY c._lsn DESC'],
    ['COUNT WHERE type', "SELECT VALUE COUNT(1) FROM c WHERE c.type = 'OrderPlaced'"],
    [
      'TOP 10 WHERE type ORDER BY',
      "SELECT TOP 10 c.id FROM c WHERE c.type = 'OrderPlaced' ORDER BY c._ts DESC",
    ],
    [`id prefix ${prefix}`, `SELECT c.id FROM c WHERE STARTSWITH(c.id, '${prefix}')`],
    ['cross-partition field filter', 'SELECT c.id FROM c WHERE c.data.Total > 100'],
  ];
}

export interface QueryTiming {
  name: string;
  ms: number;
  rows: number;
  /** Worst latency of a point read issued every 10 ms while the query ran. */
  worstReadMs: number;
}

/** Runs each query to its end (all pages), one after another, with point reads alongside. */
export async function timeQueries(
  container: Container,
  queries: readonly [string, string][],
  readId: string,
): Promise<QueryTiming[]> {
  const timings: QueryTiming[] = [];
  for (const [name, query] of queries) {
    let worstReadMs = 0;
    let running = true;
    const reads = (async () => {
      while (running) {
        const t = performance.now();
        await container.item(readId, readId).read();
        worstReadMs = Math.max(worstReadMs, performance.now() - t);
        await new Promise((r) => setTimeout(r, 10));
      }
    })();
    const started = performance.now();
    const { resources } = await container.items.query(query, { maxItemCount: 1000 }).fetchAll();
    const ms = performance.now() - started;
    running = false;
    await reads;
    timings.push({ name, ms, rows: resources.length, worstReadMs });
  }
  return timings;
}
