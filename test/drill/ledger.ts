// What Event Hubs acknowledged, read back from the --out files (datagen's and the probes'), with where each record
// sits in its file: files are appended in acknowledgement order, so "the first N lines" is "acknowledged before"
// an instant at which the drill counted N lines (the cut, the Geo-DR alias moving).
import { readFile } from 'node:fs/promises';
import { orderEventId } from '@marquee/domain';

/** Lines per file now (the files only grow). */
export async function lineCounts(files: readonly string[]): Promise<number[]> {
  return await Promise.all(
    files.map(async (file) => {
      const text = await readFile(file, 'utf8').catch(() => '');
      return text.split('\n').filter((line) => line.trim() !== '').length;
    }),
  );
}

export interface Acknowledged {
  id: string;
  hub: string;
  /** Acknowledged before `lines` was counted. */
  before: (lines: readonly number[]) => boolean;
}

/** Every valid order record (resends included) of the files, in file order. */
export async function acknowledged(files: readonly string[]): Promise<Acknowledged[]> {
  const records: Acknowledged[] = [];
  for (const [f, file] of files.entries()) {
    const lines = (await readFile(file, 'utf8')).split('\n').filter((line) => line.trim() !== '');
    for (const [i, line] of lines.entries()) {
      const record = JSON.parse(line) as { kind: string; body?: string; hub?: string };
      if (record.kind === 'invalid' || record.kind.startsWith('invalid:') || record.body === undefined)
        continue;
      const id = orderEventId(JSON.parse(record.body) as Record<string, unknown>);
      records.push({ id, hub: record.hub ?? '?', before: (counts) => i < (counts[f] ?? 0) });
    }
  }
  return records;
}

/**
 * The orders that may be lost: acknowledged only by `hub` before `lines` were counted (its namespace then died
 * with them). An order also acknowledged elsewhere or later (a resend) must be stored.
 */
export function atRisk(records: readonly Acknowledged[], hub: string, lines: readonly number[]): Set<string> {
  const risky = new Set<string>();
  const safe = new Set<string>();
  for (const r of records) (r.hub === hub && r.before(lines) ? risky : safe).add(r.id);
  for (const id of safe) risky.delete(id);
  return risky;
}
