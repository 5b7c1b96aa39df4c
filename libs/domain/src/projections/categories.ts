// Category popularity: the same figures per category. Products the catalog does not know count under
// category 0 (Unknown) rather than being dropped, so the totals still add up to the sales.
import { UNKNOWN_CATEGORY } from '../catalog/index.ts';
import { orderContribution } from './contribution.ts';
import type { SalesCounters } from './counters.ts';
import { addCountersInto, addSales, mergeCounters, salesExact, ZERO_SALES } from './counters.ts';
import type { FoldContext, ViewDefinition } from './definition.ts';
import type { OrderPlaced } from '../orders/index.ts';
import { bySales, countersOf } from './ranking.ts';
import type { ViewBookkeeping } from './view-docs.ts';

export const CATEGORIES_DOC_ID = 'categories';

/** All-time sales per category, keyed by categoryId (0 = Unknown). */
export interface CategoriesDoc extends ViewBookkeeping {
  id: typeof CATEGORIES_DOC_ID;
  kind: 'categories';
  categories: Record<string, SalesCounters>;
}

/** The order's sales per category, added in place. */
function addCategorySales(draft: CategoriesDoc, event: OrderPlaced, ctx: FoldContext): void {
  addCountersInto(draft.categories, orderContribution(event, ctx.categoryOf).categories, addSales);
}

export const categoryPopularity: ViewDefinition<CategoriesDoc> = {
  kind: 'categories',
  layout: 1,
  events: ['OrderPlaced'],
  usesCatalog: true,
  keysOf: () => [CATEGORIES_DOC_ID],
  owns: (id) => id === CATEGORIES_DOC_ID,
  initial: (id) => ({ id, kind: 'categories', categories: {} }),
  evolve: (doc, event, ctx) => {
    const draft = { ...doc, categories: { ...doc.categories } };
    addCategorySales(draft, event, ctx);
    return draft;
  },
  evolveDraft: addCategorySales,
  merge: (a, b) => ({ ...a, categories: mergeCounters(a.categories, b.categories, addSales) }),
  isExact: (doc) => salesExact(doc.categories),
};

export interface CategoryRow extends SalesCounters {
  /** 1-based position in the ranking. */
  rank: number;
  categoryId: number;
  name: string;
}

/**
 * Every live category (`live`: id → name), unsold ones at zero so a chart keeps its shape, plus Unknown (0)
 * when it sold. A category that is not live (soft-deleted, deleted) is not a row, whatever it sold.
 */
export function categoryRanking(
  doc: Pick<CategoriesDoc, 'categories'> | undefined,
  live: ReadonlyMap<number, string>,
): CategoryRow[] {
  const counted = doc?.categories ?? {};
  const ids = new Set<number>(live.keys());
  if (counted[String(UNKNOWN_CATEGORY.categoryId)] !== undefined) ids.add(UNKNOWN_CATEGORY.categoryId);
  return [...ids]
    .map((id) => ({ id, counters: countersOf(counted[String(id)] ?? ZERO_SALES) }))
    .sort(bySales)
    .map(({ id, counters }, index) => ({
      rank: index + 1,
      categoryId: id,
      name: live.get(id) ?? UNKNOWN_CATEGORY.name,
      ...counters,
    }));
}
