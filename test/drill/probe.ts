// Probe orders: how the drill sees one particular order reach every view while datagen's thousands flow
// beside it. A probe buys a movie that is not in the catalog (so the categories view counts it under Unknown,
// category 0, which datagen never touches) and is dated in an hour and a day datagen never uses (more than a day
// before the run), so each view has keys only probes fill. Pure: bodies in, checks out.
import type { Order } from '@marquee/domain';
import type { Bucket, Sales, Views } from '../../services/projector/test/support/ground-truth.ts';

/** Probe movie ids: far outside the catalog (397518–398017). */
const PROBE_MOVIE = 990_000;
const HOUR_MS = 3_600_000;

/** How far back probes are dated: more than a day, so their day is never datagen's (which sends `now`). */
export const PROBE_HOURS_BACK = 26;

/** The body of probe `k` (0, 1, …) of a run that started at `startedAt`: dated `PROBE_HOURS_BACK - k` hours back. */
export function probeBody(runId: string, k: number, startedAt: Date): string {
  const hourStart = Math.floor(startedAt.getTime() / HOUR_MS) * HOUR_MS;
  const email = 'drill-probe@example.com';
  return JSON.stringify({
    Region: 'Region2',
    OrderDate: new Date(hourStart - (PROBE_HOURS_BACK - k) * HOUR_MS + 60_000).toISOString(),
    Email: email,
    Total: 1.23,
    PaymentTransactionId: `drill-probe-${runId}-${k}`,
    Details: [{ Email: email, ProductId: PROBE_MOVIE + k, Quantity: 1, UnitPrice: 1.23 }],
  });
}

export const probeOrder = (body: string): Order => JSON.parse(body) as Order;

/** What the views must hold under the probes' own keys: the probes' share of `expectedViews(probes)`. */
export interface ProbeKeys {
  movies: Record<string, Sales>;
  unknown: Sales | undefined;
  hours: Record<string, Bucket>;
  days: Record<string, Bucket>;
}

export function probeKeys(expected: Views): ProbeKeys {
  return {
    movies: expected.movies,
    unknown: expected.categories['0'],
    hours: expected.hours,
    days: expected.days,
  };
}

/** A view entry or a report row: a movie's or category's sales (unitsSold) or a bucket's (units). */
interface Counted {
  orders: number;
  units?: number;
  unitsSold?: number;
}
export interface ApiReports {
  categories: { items: (Counted & { categoryId: number })[] };
  hourly: { series: (Counted & { hour: string })[] };
  daily: { series: (Counted & { date: string })[] };
}

/**
 * Holds at least the probes' orders and units. At least, not exactly: a key two probes share (a day, Unknown)
 * keeps growing, and a later probe must not hide an earlier one. Only probes fill these keys, so nothing else adds.
 */
const covers = (seen: Counted | undefined, wanted: Counted | undefined): boolean =>
  (seen?.orders ?? 0) >= (wanted?.orders ?? 0) &&
  (seen?.units ?? seen?.unitsSold ?? 0) >= (wanted?.units ?? wanted?.unitsSold ?? 0);

const coversAll = (wanted: Record<string, Counted>, seen: (key: string) => Counted | undefined): boolean =>
  Object.entries(wanted).every(([key, w]) => covers(seen(key), w));

/** The views (read from the store) that do not hold the probes yet; empty when every view does. */
export function viewsMissingProbes(views: Views, keys: ProbeKeys): string[] {
  const missing: string[] = [];
  if (!coversAll(keys.movies, (id) => views.movies[id])) missing.push('top-movies');
  if (!covers(views.categories['0'], keys.unknown)) missing.push('categories');
  if (!coversAll(keys.hours, (h) => views.hours[h])) missing.push('orders-hour');
  if (!coversAll(keys.days, (d) => views.days[d])) missing.push('orders-day');
  return missing;
}

/** The api's reports (categories, hourly, daily) that do not show the probes yet. */
export function reportsMissingProbes(reports: ApiReports, keys: ProbeKeys): string[] {
  const missing: string[] = [];
  if (!covers(unknownRow(reports.categories.items), keys.unknown)) missing.push('categories');
  if (!coversAll(keys.hours, (h) => reports.hourly.series.find((b) => b.hour === h))) missing.push('hourly');
  if (!coversAll(keys.days, (d) => reports.daily.series.find((b) => b.date === d))) missing.push('daily');
  return missing;
}

const unknownRow = <T extends { categoryId: number }>(items: readonly T[]): T | undefined =>
  items.find((c) => c.categoryId === 0);

/** A `views` event of /api/stream shows the probes when its categories report does. */
export function streamShowsProbes(payload: unknown, keys: ProbeKeys): boolean {
  const items = (payload as Partial<Pick<ApiReports, 'categories'>> | null)?.categories?.items ?? [];
  return covers(unknownRow(items), keys.unknown);
}
