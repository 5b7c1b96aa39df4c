// A stored event as a row of the export (pure), or the reason it cannot be one. `events` holds only events,
// but a document written around ingest (or by an older version) may lack a field or carry one no file can
// hold; such an event is refused here with its reason, before any file is written, so it is set aside as a
// dead letter instead of failing its whole batch on every retry (or, as before, vanishing without a word).
import type { ExportRow } from './layout.ts';

/** Why an event is not exported: labels `exporter_dead_letters_total{reason}` and the dead-letter record. */
export type RefusalClass = 'envelope' | 'partition' | 'encoding';

export type RowResult =
  { ok: true; row: ExportRow } | { ok: false; reason: string; reasonClass: RefusalClass };

/** A `type=` folder longer than this is no event type (registry names are short) and risks the 1,024-character blob name. */
export const MAX_TYPE_LENGTH = 128;
/** Parquet's INTEGER column. */
const MAX_SCHEMA_VERSION = 2 ** 31 - 1;

interface StoredChange {
  id?: unknown;
  type?: unknown;
  schemaVersion?: unknown;
  occurredAt?: unknown;
  receivedAt?: unknown;
  data?: unknown;
  _lsn?: unknown;
}

const refuse = (reasonClass: RefusalClass, reason: string): RowResult => ({ ok: false, reason, reasonClass });
const shown = (value: unknown): string => {
  const text = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
};

/**
 * The instant as UTC ISO when it has a four-digit year: `date=` needs `YYYY-MM-DD`, and DuckDB reads no
 * `+010000-01-01T…` (what toISOString writes for years past 9999) as a timestamp.
 */
function isoInstant(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return undefined;
  const iso = new Date(ms).toISOString();
  return /^\d{4}-/.test(iso) ? iso : undefined;
}

export function toRow(change: unknown, fallbackLsn: number): RowResult {
  if (change === null || typeof change !== 'object') return refuse('envelope', 'not a JSON object');
  const c = change as StoredChange;
  if (typeof c.id !== 'string') return refuse('envelope', 'id is not a string');
  if (typeof c.type !== 'string' || c.type.trim() === '')
    return refuse('envelope', `type ${shown(c.type)} is not an event type`);
  if (c.type.length > MAX_TYPE_LENGTH)
    return refuse(
      'partition',
      `type is ${c.type.length} characters long; a type= folder takes at most ${MAX_TYPE_LENGTH}`,
    );
  if (typeof c.occurredAt !== 'string' || Number.isNaN(Date.parse(c.occurredAt)))
    return refuse('envelope', `occurredAt ${shown(c.occurredAt)} is not a time`);
  const occurredAt = isoInstant(c.occurredAt);
  if (occurredAt === undefined)
    return refuse('partition', `occurredAt ${shown(c.occurredAt)} has no date= folder (years 0000-9999)`);
  const receivedAt = c.receivedAt === undefined ? occurredAt : isoInstant(c.receivedAt);
  if (receivedAt === undefined)
    return refuse('envelope', `receivedAt ${shown(c.receivedAt)} is not a time of years 0000-9999`);
  const version = c.schemaVersion ?? 1;
  if (!Number.isInteger(version) || (version as number) < 1 || (version as number) > MAX_SCHEMA_VERSION)
    return refuse('envelope', `schemaVersion ${shown(c.schemaVersion)} is not a version number`);
  return {
    ok: true,
    row: {
      id: c.id,
      type: c.type,
      schemaVersion: version as number,
      occurredAt,
      receivedAt,
      lsn: typeof c._lsn === 'number' ? c._lsn : fallbackLsn,
      data: c.data ?? null,
    },
  };
}
