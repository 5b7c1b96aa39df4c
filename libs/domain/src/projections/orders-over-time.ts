// Orders per UTC hour and per calendar day in a zone, both by event time (OrderDate).
import type { StoredEvent } from '../orders/index.ts';
import { dayKeyOf, hourKeyOf } from './buckets.ts';
import { noCategories, orderContribution } from './contribution.ts';
import type { BucketCounters } from './counters.ts';
import { addBucket } from './counters.ts';

export interface OrdersPerHourState {
  /** Keyed by `YYYY-MM-DDTHH` (UTC). */
  readonly hours: Readonly<Record<string, BucketCounters>>;
}

export interface OrdersPerDayState {
  /** The IANA zone whose calendar days are the buckets. */
  readonly timeZone: string;
  /** Keyed by `YYYY-MM-DD` in `timeZone`. */
  readonly days: Readonly<Record<string, BucketCounters>>;
}

export const initialOrdersPerHour: OrdersPerHourState = Object.freeze({ hours: Object.freeze({}) });

export function initialOrdersPerDay(timeZone = 'UTC'): OrdersPerDayState {
  return { timeZone, days: {} };
}

export function evolveOrdersPerHour(state: OrdersPerHourState, event: StoredEvent): OrdersPerHourState {
  if (event.type !== 'OrderPlaced') return state;
  const key = hourKeyOf(event.occurredAt);
  const { bucket } = orderContribution(event, noCategories);
  return { hours: { ...state.hours, [key]: addBucket(state.hours[key], bucket) } };
}

export function evolveOrdersPerDay(state: OrdersPerDayState, event: StoredEvent): OrdersPerDayState {
  if (event.type !== 'OrderPlaced') return state;
  const key = dayKeyOf(event.occurredAt, state.timeZone);
  const { bucket } = orderContribution(event, noCategories);
  return { timeZone: state.timeZone, days: { ...state.days, [key]: addBucket(state.days[key], bucket) } };
}
