// Pure assembly of the report bodies out of view docs: no I/O, no clock ("now" is an argument).
import {
  categoryRanking,
  dayKeyOf,
  dayKeysBetween,
  hourKeyOf,
  hourKeysBetween,
  newestAsOf,
  ordersOfHour,
  topN,
  type AsOf,
  type BucketCounters,
  type CategoriesDoc,
  type MovieInfo,
  type OrdersDayDoc,
  type OrdersHourDoc,
  type TopMoviesDoc,
} from '@marquee/domain';
import type {
  CategoriesReport,
  DailyReport,
  DayBucket,
  HourBucket,
  HourlyReport,
  TopMoviesReport,
} from '../schemas/reports.ts';

type WithAsOf = { asOf?: Partial<AsOf> };

/** Integer cents → dollars; `/ 100` of an integer gives the float nearest the 2-decimal value. */
export const dollars = (cents: number): number => Math.round(cents) / 100;

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export function buildTopMovies(
  doc: (Pick<TopMoviesDoc, 'movies'> & WithAsOf) | undefined,
  limit: number,
  movieInfo: (movieId: number) => MovieInfo,
): TopMoviesReport {
  return {
    asOf: newestAsOf([doc]),
    items: topN(doc, limit, movieInfo).map((row) => ({
      movieId: row.movieId,
      title: row.title,
      categoryId: row.categoryId,
      categoryName: row.categoryName,
      unitsSold: row.unitsSold,
      orders: row.orders,
      revenue: dollars(row.revenue),
    })),
  };
}

/** The category ranking of the domain (every live category, Unknown once it sold), revenue in dollars. */
export function buildCategories(
  doc: (Pick<CategoriesDoc, 'categories'> & WithAsOf) | undefined,
  names: ReadonlyMap<number, string>,
): CategoriesReport {
  const items = categoryRanking(doc, names).map((row) => ({
    categoryId: row.categoryId,
    name: row.name,
    unitsSold: row.unitsSold,
    orders: row.orders,
    revenue: dollars(row.revenue),
  }));
  return { asOf: newestAsOf([doc]), items };
}

let lastHour: { hour: number; key: string } | undefined;

/**
 * `hourKeyOf(now)`, remembered for the hour: every report request names its hour, and formatting a date per
 * request showed in profiles. The cache does not change any result.
 */
export function hourKeyNow(now: Date): string {
  const hour = Math.floor(now.getTime() / HOUR_MS);
  if (lastHour?.hour !== hour) lastHour = { hour, key: hourKeyOf(now) };
  return lastHour.key;
}

/** The last `hours` UTC hour keys ending with the hour of `now`, oldest first. */
export function hourWindow(now: Date, hours: number): string[] {
  return hourKeysBetween(new Date(now.getTime() - (hours - 1) * HOUR_MS), now);
}

/** The last `days` calendar days in `timeZone` ending with the day of `now`, oldest first. */
export function dayWindow(now: Date, days: number, timeZone: string): string[] {
  const today = dayKeyOf(now, timeZone);
  const first = new Date(Date.parse(`${today}T00:00:00Z`) - (days - 1) * DAY_MS).toISOString().slice(0, 10);
  return dayKeysBetween(first, today);
}

const bucket = (c: Partial<BucketCounters> | undefined) => ({
  orders: c?.orders ?? 0,
  revenue: dollars(c?.revenue ?? 0),
  units: c?.units ?? 0,
});

/** `docs[i]` is the (day) doc holding `hourKeys[i]`, or undefined; missing hours are zero. */
export function buildHourly(
  hourKeys: readonly string[],
  docs: readonly ((Pick<OrdersHourDoc, 'day' | 'hours'> & WithAsOf) | undefined)[],
): HourlyReport {
  const series: HourBucket[] = hourKeys.map((hour, i) => {
    const doc = docs[i];
    return { hour, ...bucket(doc?.day === hour.slice(0, 10) ? ordersOfHour(doc, hour) : undefined) };
  });
  const current = series.at(-1) ?? { hour: '', ...bucket(undefined) };
  return { asOf: newestAsOf(docs), current, series };
}

export function buildDaily(
  dayKeys: readonly string[],
  docs: readonly ((Pick<OrdersDayDoc, 'day'> & Partial<BucketCounters> & WithAsOf) | undefined)[],
  timeZone: string,
): DailyReport {
  const series: DayBucket[] = dayKeys.map((date, i) => {
    const doc = docs[i];
    return { date, ...bucket(doc?.day === date ? doc : undefined) };
  });
  const today = series.at(-1) ?? { date: '', ...bucket(undefined) };
  return { asOf: newestAsOf(docs), timeZone, today, series };
}
