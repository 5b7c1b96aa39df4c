// Pure assembly of the funnel report out of merged funnel docs: counts summed over the window, rates made from
// the summed counts (never averaged), categories named by the catalog. No I/O, no clock.
import {
  addFunnel,
  funnelRates,
  UNKNOWN_CATEGORY,
  ZERO_FUNNEL,
  type FunnelCounters,
  type ViewAsOf,
} from '@marquee/domain';
import type { FunnelCategory, FunnelReport } from '../schemas/funnel.ts';

/** Only the four counts (a stored entry may carry more), with their rates. */
const withRates = (c: FunnelCounters) => ({
  views: c.views,
  carts: c.carts,
  checkouts: c.checkouts,
  orders: c.orders,
  rates: funnelRates(c),
});

/** Each category's counts summed over the window's hours (missing hours add nothing). */
export function categoriesOver(
  hours: readonly ({ categories: Readonly<Record<string, FunnelCounters>> } | undefined)[],
): Record<string, FunnelCounters> {
  const sum: Record<string, FunnelCounters> = {};
  for (const hour of hours) {
    for (const [id, c] of Object.entries(hour?.categories ?? {})) sum[id] = addFunnel(sum[id], c);
  }
  return sum;
}

export interface FunnelInput {
  hourKeys: readonly string[];
  /** The scope's counts in each hour of `hourKeys` (undefined: nothing counted then). */
  perHour: readonly (FunnelCounters | undefined)[];
  /** The window per category (categoriesOver) when the report lists every category; else undefined. */
  perCategory: Readonly<Record<string, FunnelCounters>> | undefined;
  /** Live categories: id → name. */
  names: ReadonlyMap<number, string>;
  asOf: ViewAsOf;
  movie: FunnelReport['movie'];
  category: FunnelReport['category'];
}

/** Most views first, then the lower id: a stable order for a chart and a cache. */
const byViews = (a: FunnelCategory, b: FunnelCategory): number =>
  b.views - a.views || a.categoryId - b.categoryId;

/**
 * Every live category (none counted: zeros, so a chart keeps its shape) and Unknown (0) when it has counts, like
 * the categories report: a category that is not live (soft-deleted, deleted) is not a row.
 */
function categoryRows(
  perCategory: Readonly<Record<string, FunnelCounters>>,
  names: ReadonlyMap<number, string>,
): FunnelCategory[] {
  const ids = new Set(names.keys());
  if (perCategory[String(UNKNOWN_CATEGORY.categoryId)] !== undefined) ids.add(UNKNOWN_CATEGORY.categoryId);
  return [...ids]
    .map((id) => ({
      categoryId: id,
      name: names.get(id) ?? UNKNOWN_CATEGORY.name,
      ...withRates(perCategory[String(id)] ?? ZERO_FUNNEL),
    }))
    .sort(byViews);
}

export function buildFunnel(input: FunnelInput): FunnelReport {
  const total = input.perHour.reduce<FunnelCounters>(
    (sum, c) => (c === undefined ? sum : addFunnel(sum, c)),
    ZERO_FUNNEL,
  );
  const series = input.hourKeys.map((hour, i) => ({ hour, ...withRates(input.perHour[i] ?? ZERO_FUNNEL) }));
  const categories =
    input.category !== null
      ? [{ ...input.category, ...withRates(total) }]
      : input.perCategory === undefined
        ? []
        : categoryRows(input.perCategory, input.names);
  return {
    asOf: input.asOf,
    movie: input.movie,
    category: input.category,
    total: withRates(total),
    series,
    categories,
  };
}
