// The `views` container's contract between the projector (writer) and the api (reader).
export type { Generations, GenerationsDoc } from './generations.ts';
export {
  changedViews,
  GENERATIONS_DOC_ID,
  generationsOf,
  INITIAL_GENERATIONS,
  isGeneration,
  isViewKind,
  switchGeneration,
} from './generations.ts';
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
