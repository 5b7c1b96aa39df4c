// Orders per UTC hour, by event time (OrderDate). One doc per UTC day holds its hours: a batch writes each doc it
// touches once, and a page of 2,000 orders spread over three days (a backfill, a rebuild) touched ~72 hour docs
// when each hour was its own doc, ~4 day docs now. Live traffic touches one hour, so one doc either way.
// Bounded: at most 24 entries of three counters.
import { hourKeyOf } from './buckets.ts';
import { orderBucket } from './contribution.ts';
import type { BucketCounters } from './counters.ts';
import { addBucket, bucketExact, mergeCounters } from './counters.ts';
import type { ViewDefinition } from './definition.ts';
import type { ViewBookkeeping } from './view-docs.ts';

const PREFIX = 'orders-hours-';

/** Orders in each UTC hour (by OrderDate) of one UTC day, keyed `HH`; hours without orders are absent. */
export interface OrdersHourDoc extends ViewBookkeeping {
  id: `orders-hours-${string}`;
  kind: 'orders-hour';
  /** `YYYY-MM-DD`, UTC. */
  day: string;
  hours: Record<string, BucketCounters>;
}

/** The doc holding the hour `YYYY-MM-DDTHH`: its UTC day's. */
export const hourDocId = (hourKey: string): OrdersHourDoc['id'] => `${PREFIX}${hourKey.slice(0, 10)}`;

/** The hour's orders read from its (merged) doc: undefined when none were counted in it. */
export const ordersOfHour = (
  doc: Pick<OrdersHourDoc, 'hours'> | undefined,
  hourKey: string,
): BucketCounters | undefined => doc?.hours[hourKey.slice(11, 13)];

/** The order added to a draft whose `hours` record the caller owns (entries are replaced, never changed). */
function addOrder(draft: OrdersHourDoc, event: Parameters<ViewDefinition<OrdersHourDoc>['evolve']>[1]): void {
  const hh = hourKeyOf(event.occurredAt).slice(11, 13);
  draft.hours[hh] = addBucket(draft.hours[hh], orderBucket(event));
}

export const ordersPerHour: ViewDefinition<OrdersHourDoc> = {
  kind: 'orders-hour',
  // 2: a doc per UTC day with its hours inside (1: a doc per hour, `orders-hour-<hour>`).
  layout: 2,
  events: ['OrderPlaced'],
  keysOf: (event) => [hourDocId(hourKeyOf(event.occurredAt))],
  owns: (id) => id.startsWith(PREFIX),
  initial: (id) => ({ id, kind: 'orders-hour', day: id.slice(PREFIX.length), hours: {} }),
  evolve: (doc, event) => {
    const draft = { ...doc, hours: { ...doc.hours } };
    addOrder(draft, event);
    return draft;
  },
  evolveDraft: addOrder,
  merge: (a, b) => ({ ...a, hours: mergeCounters(a.hours, b.hours, addBucket) }),
  isExact: (doc) => Object.values(doc.hours).every(bucketExact),
};

/** Hours' orders given as counts, as the docs that store them (one per UTC day): for seeding tests and benches. */
export function ordersHourDocsOf(hours: readonly ({ hour: string } & BucketCounters)[]): OrdersHourDoc[] {
  const docs = new Map<string, OrdersHourDoc>();
  for (const { hour, orders, revenue, units } of hours) {
    const id = hourDocId(hour);
    const doc = docs.get(id) ?? ordersPerHour.initial(id, { categoryOf: () => undefined, timeZone: 'UTC' });
    docs.set(id, { ...doc, hours: { ...doc.hours, [hour.slice(11, 13)]: { orders, revenue, units } } });
  }
  return [...docs.values()];
}
