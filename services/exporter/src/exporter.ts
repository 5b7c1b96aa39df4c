// The change feed handler: each batch of one feed range becomes one Parquet file per (type, date), uploaded
// under a name fixed by the range and the batch's first LSN (see layout.ts), before the processor checkpoints.
import type { ContainerClient } from '@azure/storage-blob';
import type { ChangeFeedContext, LatestVersionChange } from '@marquee/change-feed-processor';
import type { ExporterMetrics } from './metrics.ts';
import { planFiles, toRow, type ExportRow } from './layout.ts';
import type { ParquetWriter } from './parquet.ts';

export interface ExporterDeps {
  container: ContainerClient;
  writer: ParquetWriter;
  metrics: ExporterMetrics;
}

export class Exporter {
  readonly #d: ExporterDeps;

  constructor(deps: ExporterDeps) {
    this.#d = deps;
  }

  readonly handle = async (
    changes: LatestVersionChange<unknown>[],
    context: Pick<ChangeFeedContext, 'leaseToken' | 'lsn' | 'signal'>,
  ): Promise<void> => {
    const rows = changes
      .map((change) => toRow(change, context.lsn.maxLsn))
      .filter((row): row is ExportRow => row !== undefined);
    const files = planFiles(rows, context.leaseToken, context.lsn.minLsn);
    for (const file of files) {
      if (context.signal.aborted) throw new Error('exporter stopping: the batch is not checkpointed');
      const bytes = await this.#d.writer.toParquet(file.rows);
      // Upload overwrites: a redelivered batch rewrites the same file rather than adding a second one.
      await this.#d.container.getBlockBlobClient(file.path).uploadData(bytes, {
        blobHTTPHeaders: { blobContentType: 'application/vnd.apache.parquet' },
        abortSignal: context.signal,
      });
      this.#d.metrics.filesWritten.inc({ type: file.type });
      this.#d.metrics.rowsWritten.inc({ type: file.type }, file.rows.length);
    }
    const newest = rows.reduce((max, row) => (row.occurredAt > max ? row.occurredAt : max), '');
    if (newest !== '') this.#d.metrics.lastExportedEventTime.set(Date.parse(newest) / 1000);
  };
}
