// Parquet files written by DuckDB (COPY … TO … (FORMAT parquet)): rows go to a local JSON-lines file, DuckDB
// reads it with an explicit schema and writes the Parquet file next to it; the caller uploads and removes both.
import { mkdtemp, open, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { validationError } from '@marquee/platform';
import type { ExportRow } from './layout.ts';

/** The columns of every exported file. `data` is JSON: `data->>'$.Region'` in DuckDB. */
const COLUMNS =
  "{id: 'VARCHAR', type: 'VARCHAR', schemaVersion: 'INTEGER', occurredAt: 'TIMESTAMPTZ', receivedAt: 'TIMESTAMPTZ', lsn: 'BIGINT', data: 'JSON'}";

/** A row every working encoder takes: see probe(). */
const KNOWN_GOOD: ExportRow = {
  id: 'probe',
  type: 'Probe',
  schemaVersion: 1,
  occurredAt: '2026-01-01T00:00:00.000Z',
  receivedAt: '2026-01-01T00:00:00.000Z',
  lsn: 0,
  data: { probe: true },
};

/** Lines are written in chunks of about this many characters: no one string of a whole (large) batch. */
const CHUNK_CHARS = 1 << 20;

const quoted = (file: string): string => `'${file.replaceAll("'", "''")}'`;

/**
 * DuckDB's errors that depend on the rows it was given (a value it cannot read as its column's type, JSON it
 * refuses, such as a lone surrogate): the same rows fail the same way on every try, so they are a validation
 * error (isPermanentFailure). Others (IO, out of memory) are left as they are: transient.
 */
const DATA_ERROR = /^(Invalid Input|Conversion|Out of Range) Error: /;

/** The first line of DuckDB's message without our temporary file's name and line numbers (meaningless to an operator). */
export function encodingReason(message: string): string {
  return (message.split('\n')[0] ?? '')
    .replace(/ in file "[^"]*"/g, '')
    .replace(/,? (?:at byte \d+ )?in line \d+/g, '')
    .trim();
}

export class ParquetWriter {
  readonly #instance: DuckDBInstance;
  readonly #dir: string;

  private constructor(instance: DuckDBInstance, dir: string) {
    this.#instance = instance;
    this.#dir = dir;
  }

  static async open(): Promise<ParquetWriter> {
    const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
    return new ParquetWriter(instance, await mkdtemp(path.join(tmpdir(), 'marquee-export-')));
  }

  /** The rows as Parquet bytes, in LSN order (so a rewritten file is byte for byte the same given the same rows). */
  async toParquet(rows: readonly ExportRow[]): Promise<Buffer> {
    const base = path.join(this.#dir, `${process.pid}-${Math.random().toString(36).slice(2)}`);
    const json = `${base}.jsonl`;
    const parquet = `${base}.parquet`;
    const sorted = [...rows].sort((a, b) => a.lsn - b.lsn || (a.id < b.id ? -1 : 1));
    const connection = await this.#instance.connect();
    try {
      await writeLines(json, sorted);
      await connection
        .run(
          `COPY (SELECT * FROM read_json(${quoted(json)}, format = 'newline_delimited', columns = ${COLUMNS}) ORDER BY lsn, id) ` +
            `TO ${quoted(parquet)} (FORMAT parquet, COMPRESSION zstd)`,
        )
        .catch((err: unknown) => {
          const message = err instanceof Error ? err.message : String(err);
          if (!DATA_ERROR.test(message)) throw err;
          const reason = encodingReason(message);
          throw validationError(`Parquet encoding refused the rows: ${reason}`, [reason]);
        });
      return await readFile(parquet);
    } finally {
      connection.closeSync();
      await rm(json, { force: true });
      await rm(parquet, { force: true });
    }
  }

  /**
   * Throws unless a known-good row encodes. Before rows are blamed for a refusal, this tells a broken encoder
   * (which would refuse every row and so set every event aside) from rows it cannot encode.
   */
  async probe(): Promise<void> {
    await this.toParquet([KNOWN_GOOD]);
  }

  async close(): Promise<void> {
    this.#instance.closeSync();
    await rm(this.#dir, { recursive: true, force: true });
  }
}

async function writeLines(file: string, rows: readonly ExportRow[]): Promise<void> {
  const handle = await open(file, 'w');
  try {
    let chunk = '';
    for (const row of rows) {
      // A RangeError here (data nested too deep to serialize) is the row's: permanent, as it should be.
      chunk += `${JSON.stringify(row)}\n`;
      if (chunk.length >= CHUNK_CHARS) {
        await handle.write(chunk);
        chunk = '';
      }
    }
    if (chunk !== '') await handle.write(chunk);
  } finally {
    await handle.close();
  }
}
