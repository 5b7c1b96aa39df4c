// Orders per UTC hour, by event time (OrderDate): one doc per hour.
import { hourKeyOf } from './buckets.ts';
import { orderBucket } from './contribution.ts';
import type { BucketCounters } from './counters.ts';
import { addBucket, bucketExact, bucketOf, ZERO_BUCKET } from './counters.ts';
import type { ViewDefinition } from './definition.ts';
import type { ViewBookkeeping } from './view-docs.ts';

const PREFIX = 'orders-hour-';

/** Orders in one UTC hour (by OrderDate). */
export interface OrdersHourDoc extends ViewBookkeeping, BucketCounters {
  id: `orders-hour-${string}`;
  kind: 'orders-hour';
  /** `YYYY-MM-DDTHH`, UTC. */
  hour: string;
}

export const hourDocId = (hourKey: string): OrdersHourDoc['id'] => `${PREFIX}${hourKey}`;

export const ordersPerHour: ViewDefinition<OrdersHourDoc> = {
  kind: 'orders-hour',
  events: ['OrderPlaced'],
  keysOf: (event) => [hourDocId(hourKeyOf(event.occurredAt))],
  owns: (id) => id.startsWith(PREFIX),
  initial: (id) => ({ id, kind: 'orders-hour', hour: id.slice(PREFIX.length), ...ZERO_BUCKET }),
  evolve: (doc, event) => ({ ...doc, ...addBucket(doc, orderBucket(event)) }),
  merge: (a, b) => ({ ...a, ...addBucket(bucketOf(a), bucketOf(b)) }),
  isExact: bucketExact,
};
