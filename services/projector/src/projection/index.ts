export { Projector, type ProjectorDeps } from './projector.ts';
export { ViewRunner, type ProcessorSettings, type ViewRunnerDeps } from './view-runner.ts';
export { forEachLimited } from './for-each-limited.ts';
export {
  ViewProjection,
  type BatchSummary,
  type CategorySource,
  type FeedEvent,
  type ViewProjectionDeps,
} from './view-projection.ts';
