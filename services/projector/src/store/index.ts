export { VersionedStore, type DocStore, type Versioned, type WriteOutcome } from './view-store.ts';
export { BulkWrites } from './bulk-writes.ts';
export { DocWriter, type DocWriterOptions, type Update, type WriteResult } from './doc-writer.ts';
export { GenerationStore } from './generation-store.ts';
export { ViewStores, type ViewStoresOf } from './view-stores.ts';
export { WriterRegistry } from './writer-registry.ts';
export {
  CosmosQuarantine,
  quarantineRecordId,
  toQuarantineRecord,
  type Quarantined,
  type QuarantineRecord,
  type QuarantineSink,
} from './quarantine.ts';
