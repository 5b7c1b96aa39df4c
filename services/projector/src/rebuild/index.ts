export { rebuildView, type RebuildDeps, type RebuildResult } from './rebuild-view.ts';
export { CatchUpTracker } from './catch-up.ts';
export { deleteGenerationDocs, deleteGenerationLeases, waitUntilReleased } from './generation-cleanup.ts';
export { feedEtagLsn, headOf, readStoreHead, type RangeHead } from './store-head.ts';
export { LayoutRebuilds, type LayoutRebuildDeps } from './layout-rebuild.ts';
