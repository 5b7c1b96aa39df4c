// A report whose view is being rebuilt into this release's document layout (libs/domain stored-views/layouts.ts):
// the live generation was built with another layout, whose docs this code cannot interpret. Reading them would
// serve wrong figures (zeros, or a part of the counts); the report answers 503 instead, with the reason and a
// Retry-After, until the projector switches to the rebuilt generation. Other reports and /readyz are not
// concerned: the api itself is healthy.
import type { ViewKind } from '@marquee/domain';

/** Seconds a client waits before asking again: the projector looks at the rebuild every couple of seconds. */
export const REBUILD_RETRY_AFTER_SECONDS = 10;

export class ViewRebuilding extends Error {
  readonly view: ViewKind;
  readonly retryAfterSeconds = REBUILD_RETRY_AFTER_SECONDS;

  constructor(view: ViewKind) {
    super(
      `the ${view} view is being rebuilt for this release's document layout; its report is served again, ` +
        'exact, once the rebuild has read every stored event',
    );
    this.name = 'ViewRebuilding';
    this.view = view;
  }
}

export const isViewRebuilding = (err: unknown): err is ViewRebuilding => err instanceof ViewRebuilding;
