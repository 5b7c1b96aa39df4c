// The change feed handler: each batch of one feed range becomes one Parquet file per (type, date), uploaded
// under a name fixed by the range and the batch's first LSN (see layout.ts), before the processor checkpoints.
//
// Failures are classified (isPermanentFailure, via narrow.ts) so that no event can stall its lease: an event
// that cannot be a row (rows.ts) or that the encoder refuses (narrowed down to it) is set aside as a dead
// letter, and the rest of the batch is exported. Everything else (the blob store, the dead-letter store, a
// broken encoder) throws: the processor delivers the same batch again, and a lease that stays stuck is
// reported (/readyz, exporter_lease_stuck_seconds, the pipeline panel). Blob uploads are never blamed on an
// event: the only part of a blob's name an event decides (its type and date) is checked in rows.ts.
import type { ContainerClient } from '@azure/storage-blob';
import type { ChangeFeedContext, LatestVersionChange } from '@marquee/change-feed-processor';
import type { ExportDeadLetters, Refusal } from './dead-letters.ts';
import type { ExporterMetrics } from './metrics.ts';
import { planFiles, type ExportRow } from './layout.ts';
import { encodeNarrowing } from './narrow.ts';
import type { ParquetWriter } from './parquet.ts';
import { toRow } from './rows.ts';

export interface ExporterDeps {
  container: ContainerClient;
  writer: Pick<ParquetWriter, 'toParquet' | 'probe'>;
  deadLetters: Pick<ExportDeadLetters, 'put'>;
  metrics: ExporterMetrics;
}

export type ExportContext = Pick<ChangeFeedContext, 'leaseToken' | 'lsn' | 'signal' | 'logger'>;

/** A refusal's reason: our validation errors say it all; others name their kind (RangeError: …). */
const reasonOf = (err: unknown): string =>
  err instanceof Error
    ? err.name === 'MarqueeError'
      ? err.message
      : `${err.name}: ${err.message}`
    : String(err);

export class Exporter {
  readonly #d: ExporterDeps;

  constructor(deps: ExporterDeps) {
    this.#d = deps;
  }

  readonly handle = async (
    changes: LatestVersionChange<unknown>[],
    context: ExportContext,
  ): Promise<void> => {
    const { container, writer, metrics } = this.#d;
    const { signal } = context;
    const rows: ExportRow[] = [];
    const changeOf = new Map<ExportRow, unknown>();
    const refusals: Refusal[] = [];
    for (const change of changes) {
      const result = toRow(change, context.lsn.maxLsn);
      if (result.ok) {
        rows.push(result.row);
        changeOf.set(result.row, change);
      } else {
        const lsn = (change as { _lsn?: unknown } | null)?._lsn;
        refusals.push({ change, lsn: typeof lsn === 'number' ? lsn : context.lsn.maxLsn, ...result });
      }
    }
    let newest = '';
    for (const file of planFiles(rows, context.leaseToken, context.lsn.minLsn)) {
      if (signal.aborted) throw new Error('exporter stopping: the batch is not checkpointed');
      const { bytes, refused } = await encodeNarrowing(file.rows, {
        encode: (part) => writer.toParquet(part),
        probe: () => writer.probe(),
        signal,
      });
      for (const { row, error } of refused)
        refusals.push({
          change: changeOf.get(row),
          lsn: row.lsn,
          reason: reasonOf(error),
          reasonClass: 'encoding',
        });
      if (bytes === undefined) continue; // every row refused: no file (a redelivery decides the same)
      // Upload overwrites: a redelivered batch rewrites the same file rather than adding a second one.
      await container.getBlockBlobClient(file.path).uploadData(bytes, {
        blobHTTPHeaders: { blobContentType: 'application/vnd.apache.parquet' },
        abortSignal: signal,
      });
      const blamed = new Set(refused.map((r) => r.row));
      const exported = file.rows.filter((row) => !blamed.has(row));
      metrics.filesWritten.inc({ type: file.type });
      metrics.rowsWritten.inc({ type: file.type }, exported.length);
      for (const row of exported) if (row.occurredAt > newest) newest = row.occurredAt;
    }
    // Before the checkpoint: a crash before it delivers the batch again, which finds the records written.
    await this.#d.deadLetters.put(refusals, context.leaseToken, signal, context.logger);
    if (newest !== '') metrics.lastExportedEventTime.set(Date.parse(newest) / 1000);
  };
}
