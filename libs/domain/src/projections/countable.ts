// What the views can count exactly. Counters are integer cents and units summed as JS numbers, so any figure
// past Number.MAX_SAFE_INTEGER (or NaN, or a throw while folding) would make a view silently wrong or stop
// the projector on every retry. These checks are pure and deterministic: the projector runs them before it
// folds, and sets aside (quarantines) with the returned reason whatever they refuse. Everything else is
// counted as usual, so the views stay exact.
import type { ClickstreamEvent } from '../clickstream/click-event.ts';
import { lineCents, orderTotalCents, type OrderPlaced } from '../orders/index.ts';
import { dayKeyOf, hourKeyOf } from './buckets.ts';

const HOUR_KEY = /^\d{4}-\d{2}-\d{2}T\d{2}$/;
const DAY_KEY = /^\d{4}-\d{2}-\d{2}$/;

const exact = (n: unknown): boolean => Number.isSafeInteger(n);

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/**
 * Why this order cannot be counted exactly, or undefined when it can. Independent of the catalog and of the
 * view, so every view sets aside the same orders: if the sum of the magnitudes of its lines is exact, so is
 * any share of them a movie or a category gets.
 */
export function whyNotCountable(event: OrderPlaced, timeZone: string): string | undefined {
  try {
    let cents = 0;
    let units = 0;
    for (const line of event.data.Details) {
      if (!exact(line.ProductId)) return `ProductId ${String(line.ProductId)} is not a safe integer`;
      if (!exact(line.Quantity)) return `Quantity ${String(line.Quantity)} is not a safe integer`;
      cents += Math.abs(lineCents(line));
      units += Math.abs(line.Quantity);
    }
    if (!exact(cents)) return 'its lines (quantity × unit price) are beyond what is counted exactly in cents';
    if (!exact(units)) return 'its quantities are beyond what is counted exactly';
    if (!exact(orderTotalCents(event.data)))
      return `Total ${event.data.Total} is beyond what is counted in cents`;
    const hour = hourKeyOf(event.occurredAt);
    if (!HOUR_KEY.test(hour)) return `occurredAt ${event.occurredAt} has no hour bucket`;
    const day = dayKeyOf(event.occurredAt, timeZone);
    if (!DAY_KEY.test(day)) return `occurredAt ${event.occurredAt} has no day bucket in ${timeZone}`;
  } catch (err) {
    return `cannot be counted: ${message(err)}`;
  }
  return undefined;
}

/** Why this click cannot be counted, or undefined when it can: every count of a click is 1, only its hour can fail. */
export function whyNotCountableClick(event: ClickstreamEvent): string | undefined {
  try {
    const hour = hourKeyOf(event.occurredAt);
    if (!HOUR_KEY.test(hour)) return `occurredAt ${event.occurredAt} has no hour bucket`;
  } catch (err) {
    return `cannot be counted: ${message(err)}`;
  }
  return undefined;
}
