// @marquee/exporter: raw events from the change feed to Parquet files in Blob storage.
export { loadExporterConfig, type ExporterConfig } from './config.ts';
export { Exporter, type ExporterDeps } from './exporter.ts';
export { planFiles, rangePart, toRow, type ExportFile, type ExportRow } from './layout.ts';
export { ExporterMetrics } from './metrics.ts';
export { ParquetWriter } from './parquet.ts';
