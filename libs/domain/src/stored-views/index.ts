// The `views` container's contract between the projector (writer) and the api (reader).
export type { Generations, GenerationsDoc } from './generations.ts';
export {
  GENERATIONS_DOC_ID,
  generationsOf,
  INITIAL_GENERATIONS,
  isGeneration,
  isViewKind,
} from './generations.ts';
export type { LayoutRebuild, Layouts, LayoutStep, RangeHeadRecord, StepContext } from './layouts.ts';
export {
  initialPointer,
  layoutsOf,
  layoutStepOf,
  rebuildOf,
  replicasRebuilding,
  switchGeneration,
  UNRECORDED_LAYOUT,
  VIEW_LAYOUTS,
  viewsToRebuild,
  withRebuild,
} from './layouts.ts';
export type { AsOf, StoredRanking, StoredView, StoredViewDoc, ViewAsOf } from './stored-view.ts';
export {
  kindOfStoredId,
  newestAsOf,
  parseStoredViewId,
  storedViewId,
  toDomainDoc,
  toStoredDoc,
  toStoredRanking,
} from './stored-view.ts';
export type { ViewWritersDoc } from './writers.ts';
export { viewOfWritersDocId, withWriter, writersDocId, writersOf } from './writers.ts';
