import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Container, SqlParameter } from '@azure/cosmos';
import { freshContainer, startFixture, type Fixture } from './helpers.ts';

let fx: Fixture;
let container: Container;
const N = 60;

before(async () => {
  fx = await startFixture();
  container = await freshContainer(fx.database);
  await Promise.all(
    Array.from({ length: N }, (_, i) =>
      container.items.create({ id: `i${i}`, pk: `p${i % 6}`, n: i, even: i % 2 === 0 }),
    ),
  );
});
after(async () => {
  await fx.close();
});

/** Follows continuations page by page (fetchNext), as a paging UI would. */
async function pages<T>(
  query: string,
  options: { partitionKey?: string; maxItemCount: number },
  parameters: SqlParameter[] = [],
): Promise<{ items: T[]; pageCount: number }> {
  const it = container.items.query<T>({ query, parameters }, options);
  const items: T[] = [];
  let pageCount = 0;
  while (it.hasMoreResults()) {
    const page = await it.fetchNext();
    if (page.resources.length === 0 && !it.hasMoreResults()) break;
    assert.ok(page.resources.length <= options.maxItemCount);
    items.push(...page.resources);
    pageCount++;
  }
  return { items, pageCount };
}

test('cross-partition WHERE with parameters, paged', async () => {
  const { items, pageCount } = await pages<{ n: number }>(
    'SELECT * FROM c WHERE c.even = @e AND c.n >= @min',
    { maxItemCount: 7 },
    [
      { name: '@e', value: true },
      { name: '@min', value: 10 },
    ],
  );
  assert.deepEqual(
    items.map((d) => d.n).sort((a, b) => a - b),
    Array.from({ length: 25 }, (_, i) => 10 + i * 2),
  );
  assert.ok(pageCount >= 4);
});

test('cross-partition ORDER BY (asc and desc) and TOP, paged', async () => {
  const asc = await pages<{ n: number }>('SELECT c.n FROM c ORDER BY c.n', { maxItemCount: 9 });
  assert.deepEqual(
    asc.items.map((d) => d.n),
    Array.from({ length: N }, (_, i) => i),
  );
  assert.ok(asc.pageCount >= 7);
  const desc = await pages<number>('SELECT VALUE c.n FROM c WHERE c.n < 30 ORDER BY c.n DESC', {
    maxItemCount: 4,
  });
  assert.deepEqual(
    desc.items,
    Array.from({ length: 30 }, (_, i) => 29 - i),
  );
  const top = await pages<number>('SELECT TOP 5 VALUE c.n FROM c ORDER BY c.n DESC', { maxItemCount: 2 });
  assert.deepEqual(top.items, [59, 58, 57, 56, 55]);
});

test('COUNT across and within partitions', async () => {
  const { resources: all } = await container.items.query<number>('SELECT VALUE COUNT(1) FROM c').fetchAll();
  assert.deepEqual(all, [N]);
  const { resources: filtered } = await container.items
    .query<number>({
      query: 'SELECT VALUE COUNT(1) FROM c WHERE c.n >= @m',
      parameters: [{ name: '@m', value: 50 }],
    })
    .fetchAll();
  assert.deepEqual(filtered, [10]);
  const { resources: inPartition } = await container.items
    .query<number>('SELECT VALUE COUNT(1) FROM c', { partitionKey: 'p1' })
    .fetchAll();
  assert.deepEqual(inPartition, [N / 6]);
});

test('single-partition queries: WHERE, ORDER BY, TOP, paged', async () => {
  const { items } = await pages<{ id: string; n: number }>('SELECT * FROM c ORDER BY c.n DESC', {
    partitionKey: 'p2',
    maxItemCount: 3,
  });
  assert.deepEqual(
    items.map((d) => d.n),
    [56, 50, 44, 38, 32, 26, 20, 14, 8, 2],
  );
  const top = await pages<{ n: number }>('SELECT TOP 2 c.n FROM c WHERE c.n > 10 ORDER BY c.n', {
    partitionKey: 'p3',
    maxItemCount: 1,
  });
  assert.deepEqual(
    top.items.map((d) => d.n),
    [15, 21],
  );
});

test('readAll pages through every item', async () => {
  const { resources } = await container.items.readAll({ maxItemCount: 11 }).fetchAll();
  assert.equal(resources.length, N);
  assert.equal(new Set(resources.map((d) => d.id)).size, N);
});

test("the SDK's own pipeline (forced query plan): ORDER BY, TOP and aggregates merged client-side from per-range results", async () => {
  for (const options of [{ forceQueryPlan: true }, { enableQueryControl: true }]) {
    const it = container.items.query<{ n: number }>('SELECT c.n FROM c WHERE c.n >= 20 ORDER BY c.n DESC', {
      ...options,
      maxItemCount: 6,
    });
    const seen: number[] = [];
    while (it.hasMoreResults()) seen.push(...(await it.fetchNext()).resources.map((d) => d.n));
    assert.deepEqual(
      seen,
      Array.from({ length: 40 }, (_, i) => 59 - i),
    );
    const top = await container.items
      .query<number>('SELECT TOP 3 VALUE c.n FROM c ORDER BY c.n', options)
      .fetchAll();
    assert.deepEqual(top.resources, [0, 1, 2]);
    const sorted = await container.items
      .query<{ id: string }>('SELECT c.id FROM c WHERE c.n < 12 ORDER BY c.even DESC, c.n', options)
      .fetchAll();
    assert.deepEqual(
      sorted.resources.map((d) => d.id),
      ['i0', 'i2', 'i4', 'i6', 'i8', 'i10', 'i1', 'i3', 'i5', 'i7', 'i9', 'i11'],
    );
    for (const [query, expected] of [
      ['SELECT VALUE COUNT(1) FROM c', N],
      ['SELECT VALUE SUM(c.n) FROM c', (N * (N - 1)) / 2],
      ['SELECT VALUE MIN(c.n) FROM c WHERE c.n > 7', 8],
      ['SELECT VALUE MAX(c.n) FROM c WHERE c.n < 33', 32],
      ['SELECT VALUE AVG(c.n) FROM c', (N - 1) / 2],
    ] as const) {
      const { resources } = await container.items.query<number>(query, options).fetchAll();
      assert.deepEqual(resources, [expected], `${query} ${JSON.stringify(options)}`);
    }
  }
});

test('forced pipeline without ORDER BY merges the per-range pages', async () => {
  const { resources } = await container.items
    .query<string>('SELECT VALUE c.id FROM c WHERE c.n < 10', { forceQueryPlan: true, maxItemCount: 3 })
    .fetchAll();
  assert.deepEqual(resources.sort(), ['i0', 'i1', 'i2', 'i3', 'i4', 'i5', 'i6', 'i7', 'i8', 'i9']);
});
