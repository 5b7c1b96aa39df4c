// @marquee/projector: the change feed → materialized views, exactly-once in effect.
export { loadProjectorConfig, type ProjectorConfig } from './config.ts';
export { ProjectorMetrics } from './metrics.ts';
export * from './views/index.ts';
export * from './store/index.ts';
export * from './catalog/index.ts';
export * from './projection/index.ts';
export * from './rebuild/index.ts';
export { openContainers, processorSettings, viewStores, type Containers } from './wiring.ts';
