// Reads one generation of every view back from Cosmos into the ground truth's shape: every lease's partial of
// a doc summed, and the top-movies rankings merged as the api merges them.
import assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import type { Container } from '@azure/cosmos';
import { mergeRankings } from '@marquee/domain';
import type { FunnelCounts, FunnelTruth } from './funnel-truth.ts';
import type { Bucket, Sales, Views } from './ground-truth.ts';

interface AnyViewDoc {
  id: string;
  kind: string;
  generation: number;
  movies?: Record<string, Sales>;
  categories?: Record<string, Sales>;
  hour?: string;
  day?: string;
  hours?: Record<string, Bucket>;
  orders?: number;
  revenue?: number;
  units?: number;
}

const bucketOf = (d: Partial<Bucket>): Bucket => ({
  orders: d.orders ?? 0,
  revenue: d.revenue ?? 0,
  units: d.units ?? 0,
});

export type Generations = Partial<
  Record<'top-movies' | 'categories' | 'orders-hour' | 'orders-day' | 'funnel', number>
>;

export async function readViews(views: Container, generations: Generations = {}): Promise<Views> {
  const { resources } = await views.items
    .query<AnyViewDoc>('SELECT * FROM c WHERE IS_DEFINED(c.kind)')
    .fetchAll();
  const gen = (kind: keyof Generations): number => generations[kind] ?? 1;
  const funnel: FunnelTruth = { hours: {}, categories: {}, movies: {} };
  const result: Views = { movies: {}, top: {}, categories: {}, hours: {}, days: {}, funnel };
  const rankings: Record<string, Sales>[] = [];
  for (const doc of resources) {
    if (doc.generation !== gen(doc.kind as keyof Generations)) continue;
    if (doc.kind === 'top-movies' && /\.top-movies@/.test(doc.id)) rankings.push(strip(doc.movies ?? {}));
    else if (doc.kind === 'top-movies') addSales(result.movies, doc.movies ?? {});
    if (doc.kind === 'categories') addSales(result.categories, doc.categories ?? {});
    if (doc.kind === 'orders-hour' && doc.day)
      for (const [hh, bucket] of Object.entries(doc.hours ?? {}))
        result.hours[`${doc.day}T${hh}`] = add(result.hours[`${doc.day}T${hh}`], bucket);
    if (doc.kind === 'orders-day' && doc.day) result.days[doc.day] = add(result.days[doc.day], doc);
    if (doc.kind === 'funnel') addFunnel(funnel, doc);
  }
  result.top = mergeRankings(rankings);
  return result;
}

/**
 * A funnel partial (a day doc of hours, or a movie doc of a block of hours, counts as [views, carts, checkouts,
 * orders]), summed into the truth's shape: hour totals, `<hour>/<category>`, `<hour>/<movie>`.
 */
function addFunnel(into: FunnelTruth, doc: AnyViewDoc): void {
  type Steps = [number, number, number, number];
  const sum = (record: Record<string, FunnelCounts>, key: string, [v, c, k, o]: Steps) => {
    const t = (record[key] ??= { views: 0, carts: 0, checkouts: 0, orders: 0 });
    t.views += v;
    t.carts += c;
    t.checkouts += k;
    t.orders += o;
  };
  const { day, hours, movies, hour } = doc as unknown as {
    day?: string;
    hours?: Record<string, { total: Steps; categories: Record<string, Steps> }>;
    movies?: Record<string, Record<string, Steps>>;
    hour?: string;
  };
  for (const [hh, entry] of Object.entries(hours ?? {})) {
    sum(into.hours, `${day}T${hh}`, entry.total);
    for (const [id, steps] of Object.entries(entry.categories))
      sum(into.categories, `${day}T${hh}/${id}`, steps);
  }
  for (const [id, byHour] of Object.entries(movies ?? {})) {
    for (const [hh, steps] of Object.entries(byHour))
      sum(into.movies, `${hour?.slice(0, 11)}${hh}/${id}`, steps);
  }
}

function add(a: Bucket | undefined, doc: Partial<Bucket>): Bucket {
  const b = bucketOf(doc);
  return a === undefined
    ? b
    : { orders: a.orders + b.orders, revenue: a.revenue + b.revenue, units: a.units + b.units };
}

function addSales(into: Record<string, Sales>, from: Record<string, Sales>): void {
  for (const [k, s] of Object.entries(strip(from))) {
    const t = into[k];
    into[k] =
      t === undefined
        ? s
        : {
            unitsSold: t.unitsSold + s.unitsSold,
            orders: t.orders + s.orders,
            revenue: t.revenue + s.revenue,
          };
  }
}

function strip(record: Record<string, Sales>): Record<string, Sales> {
  return Object.fromEntries(
    Object.entries(record).map(([k, s]) => [
      k,
      { unitsSold: s.unitsSold, orders: s.orders, revenue: s.revenue },
    ]),
  );
}

/** Orders counted so far in one view (hours), to follow progress. */
export async function ordersProjected(views: Container, generation = 1): Promise<number> {
  const { resources } = await views.items
    .query<AnyViewDoc>({
      query: "SELECT * FROM c WHERE c.kind = 'orders-hour' AND c.generation = @g",
      parameters: [{ name: '@g', value: generation }],
    })
    .fetchAll();
  // A doc per UTC day, its hours inside.
  let orders = 0;
  for (const doc of resources) for (const bucket of Object.values(doc.hours ?? {})) orders += bucket.orders;
  return orders;
}

/**
 * Fails naming a few differences per part of the views, never with a diff of the whole (tens of thousands of
 * funnel entries: node's diff of two such objects takes gigabytes, and `eventually` retries it every second).
 */
export function assertSameViews(actual: Views, expected: Views): void {
  const parts = (v: Views): Record<string, Record<string, unknown>> => ({
    movies: v.movies,
    top: v.top,
    categories: v.categories,
    hours: v.hours,
    days: v.days,
    'funnel.hours': v.funnel.hours,
    'funnel.categories': v.funnel.categories,
    'funnel.movies': v.funnel.movies,
  });
  const [got, want] = [parts(actual), parts(expected)];
  const problems: string[] = [];
  for (const [part, record] of Object.entries(want)) {
    const other = got[part] ?? {};
    const keys = new Set([...Object.keys(record), ...Object.keys(other)]);
    const wrong = [...keys].filter((k) => !isDeepStrictEqual(other[k], record[k]));
    for (const k of wrong.slice(0, 3))
      problems.push(`${part}[${k}]: ${JSON.stringify(other[k])}, expected ${JSON.stringify(record[k])}`);
    if (wrong.length > 3) problems.push(`${part}: ${wrong.length - 3} more`);
  }
  if (problems.length > 0) assert.fail(`the views differ from the ground truth:\n${problems.join('\n')}`);
}
