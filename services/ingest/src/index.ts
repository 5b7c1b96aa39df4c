export { classifyBatch, type ClassifiedBatch, type IncomingEvent } from './classify.ts';
export { loadIngestConfig, type IngestConfig } from './config.ts';
