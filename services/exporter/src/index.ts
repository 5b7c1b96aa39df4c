// @marquee/exporter: raw events from the change feed to Parquet files in Blob storage.
export { loadExporterConfig, type ExporterConfig } from './config.ts';
export { Exporter, type ExportContext, type ExporterDeps } from './exporter.ts';
export { planFiles, rangePart, type ExportFile, type ExportRow } from './layout.ts';
export { toRow, MAX_TYPE_LENGTH, type RefusalClass, type RowResult } from './rows.ts';
export { encodeNarrowing, EncoderUnusable, type Narrowed, type Refused } from './narrow.ts';
export {
  ExportDeadLetters,
  exportDeadLetterId,
  toExportDeadLetter,
  type ExportDeadLetter,
  type Refusal,
} from './dead-letters.ts';
export { ExporterMetrics } from './metrics.ts';
export { encodingReason, ParquetWriter } from './parquet.ts';
