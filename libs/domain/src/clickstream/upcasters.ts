// Upcasters turn an event's data from one schema version into the next. Pure and total: the data was valid
// against the older schema, so the newer one must follow from it alone.
import type { Click, ClickV1 } from './click.ts';

/** The device a ProductViewed v1 (sent before the site recorded devices) is counted under. */
export const UNKNOWN_DEVICE = 'unknown';

/** ProductViewed v1 → v2: v2 added `device`; an older event did not know it. */
export function productViewedV1ToV2(data: ClickV1): Click {
  return { ...data, device: UNKNOWN_DEVICE };
}
