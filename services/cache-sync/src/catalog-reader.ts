import type { Container } from '@azure/cosmos';
import type { CategoryDocument } from '@marquee/category-cache';

/** Every category document, soft-deleted ones included (the list rules hide them): one single-partition query. */
export async function loadCategoryDocuments(catalog: Container): Promise<CategoryDocument[]> {
  const { resources } = await catalog.items
    .query<CategoryDocument>(
      { query: 'SELECT * FROM c WHERE c.type = @type', parameters: [{ name: '@type', value: 'category' }] },
      { partitionKey: 'category' },
    )
    .fetchAll();
  return resources;
}
