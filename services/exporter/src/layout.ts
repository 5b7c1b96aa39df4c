// Where each exported event goes (pure). The layout is the one Event Hubs Capture and Delta Lake users know:
// one folder per event type and UTC date, `type=<Type>/date=<YYYY-MM-DD>/`, readable as Hive partitions.
//
// Exactly once per range of the feed: a batch's file name is fixed by the lease (the feed range) and the LSN
// of the batch's first change. After a crash the processor redelivers from the last checkpoint, so the batch
// starts at the same change and its files get the same names: the upload overwrites them (with the same
// events, or more if the feed grew meanwhile) instead of adding a duplicate, and nothing is skipped because
// the checkpoint moves only after every file of the batch is written.

export interface ExportRow {
  id: string;
  type: string;
  schemaVersion: number;
  occurredAt: string;
  receivedAt: string;
  /** The change's LSN: where it sits in its range of the feed. */
  lsn: number;
  /** The event's data, written as a JSON column. */
  data: unknown;
}

export interface ExportFile {
  /** `type=OrderPlaced/date=2026-11-30/part-<range>-<fromLsn>.parquet` */
  path: string;
  type: string;
  date: string;
  rows: ExportRow[];
}

/** A lease token as a file-name part: the feed range's bounds may hold characters a blob name should not. */
export const rangePart = (leaseToken: string): string => leaseToken.replace(/[^A-Za-z0-9]+/g, '_') || 'full';

/** The fixed-width LSN, so file names sort in feed order. */
const lsnPart = (lsn: number): string => String(lsn).padStart(12, '0');

/** A partition value safe in a path (types are registry names; anything else is folded). */
const safe = (text: string): string => text.replace(/[^A-Za-z0-9_-]+/g, '_');

/** One file per (type, date) of the batch, each named by the range and the batch's first LSN. */
export function planFiles(rows: readonly ExportRow[], leaseToken: string, fromLsn: number): ExportFile[] {
  const files = new Map<string, ExportFile>();
  for (const row of rows) {
    const type = safe(row.type);
    const date = row.occurredAt.slice(0, 10);
    const path = `type=${type}/date=${date}/part-${rangePart(leaseToken)}-${lsnPart(fromLsn)}.parquet`;
    const file = files.get(path) ?? { path, type, date, rows: [] };
    file.rows.push(row);
    files.set(path, file);
  }
  return [...files.values()];
}
