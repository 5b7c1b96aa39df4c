// Category popularity: the same figures per category. Products the catalog does not know count under
// category 0 (Unknown) rather than being dropped, so the totals still add up to the sales.
import type { StoredEvent } from '../orders/index.ts';
import type { CategoryOf } from './contribution.ts';
import { orderContribution } from './contribution.ts';
import type { SalesCounters } from './counters.ts';
import { addSales, mergeCounters } from './counters.ts';

export interface CategoryPopularityState {
  /** Keyed by categoryId. */
  readonly categories: Readonly<Record<string, SalesCounters>>;
}

export const initialCategoryPopularity: CategoryPopularityState = Object.freeze({
  categories: Object.freeze({}),
});

export function evolveCategoryPopularity(
  state: CategoryPopularityState,
  event: StoredEvent,
  categoryOf: CategoryOf,
): CategoryPopularityState {
  if (event.type !== 'OrderPlaced') return state;
  const { categories } = orderContribution(event, categoryOf);
  return { categories: mergeCounters(state.categories, categories, addSales) };
}
