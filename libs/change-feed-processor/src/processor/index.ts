export { ChangeFeedProcessorBuilder, createChangeFeedProcessor } from './builder.ts';
export type { ChangeFeedProcessorConfig } from './builder.ts';
export { ChangeFeedProcessor } from './change-feed-processor.ts';
export { ensureLeaseContainer } from './lease-container.ts';
export { resolveOptions } from './options.ts';
export type { ColocationOption, ProcessorOptions, ResolvedOptions, StartFrom } from './options.ts';
