// Parquet files written by DuckDB (COPY … TO … (FORMAT parquet)): rows go to a local JSON-lines file, DuckDB
// reads it with an explicit schema and writes the Parquet file next to it; the caller uploads and removes both.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { ExportRow } from './layout.ts';

/** The columns of every exported file. `data` is JSON: `data->>'$.Region'` in DuckDB. */
const COLUMNS =
  "{id: 'VARCHAR', type: 'VARCHAR', schemaVersion: 'INTEGER', occurredAt: 'TIMESTAMPTZ', receivedAt: 'TIMESTAMPTZ', lsn: 'BIGINT', data: 'JSON'}";

const quoted = (file: string): string => `'${file.replaceAll("'", "''")}'`;

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
    await writeFile(json, sorted.map((row) => JSON.stringify(row)).join('\n'));
    const connection = await this.#instance.connect();
    try {
      await connection.run(
        `COPY (SELECT * FROM read_json(${quoted(json)}, format = 'newline_delimited', columns = ${COLUMNS}) ORDER BY lsn, id) ` +
          `TO ${quoted(parquet)} (FORMAT parquet, COMPRESSION zstd)`,
      );
      return await readFile(parquet);
    } finally {
      connection.closeSync();
      await rm(json, { force: true });
      await rm(parquet, { force: true });
    }
  }

  async close(): Promise<void> {
    this.#instance.closeSync();
    await rm(this.#dir, { recursive: true, force: true });
  }
}
