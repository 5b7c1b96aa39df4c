// Orders per calendar day in the deployment's zone, by event time (OrderDate): one doc per day.
import { dayKeyOf } from './buckets.ts';
import { orderBucket } from './contribution.ts';
import type { BucketCounters } from './counters.ts';
import { addBucket, bucketExact, bucketOf, ZERO_BUCKET } from './counters.ts';
import type { ViewDefinition } from './definition.ts';
import type { ViewBookkeeping } from './view-docs.ts';

const PREFIX = 'orders-day-';

/** Orders on one calendar day in `timeZone` (by OrderDate). */
export interface OrdersDayDoc extends ViewBookkeeping, BucketCounters {
  id: `orders-day-${string}`;
  kind: 'orders-day';
  /** `YYYY-MM-DD` in `timeZone`. */
  day: string;
  timeZone: string;
}

export const dayDocId = (dayKey: string): OrdersDayDoc['id'] => `${PREFIX}${dayKey}`;

export const ordersPerDay: ViewDefinition<OrdersDayDoc> = {
  kind: 'orders-day',
  layout: 1,
  events: ['OrderPlaced'],
  keysOf: (event, ctx) => [dayDocId(dayKeyOf(event.occurredAt, ctx.timeZone))],
  owns: (id) => id.startsWith(PREFIX),
  initial: (id, ctx) => ({
    id,
    kind: 'orders-day',
    day: id.slice(PREFIX.length),
    timeZone: ctx.timeZone,
    ...ZERO_BUCKET,
  }),
  evolve: (doc, event) => ({ ...doc, ...addBucket(doc, orderBucket(event)) }),
  // The id does not name the zone: mixing zones in one doc would silently corrupt the counts.
  merge: (a, b) => {
    if (a.timeZone !== b.timeZone) {
      throw new Error(`${a.id} is counted in ${a.timeZone}, not in ${b.timeZone}`);
    }
    return { ...a, ...addBucket(bucketOf(a), bucketOf(b)) };
  },
  isExact: bucketExact,
};
