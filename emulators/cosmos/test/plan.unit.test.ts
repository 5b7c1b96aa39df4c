import { test } from 'node:test';
import assert from 'node:assert/strict';
import { queryPlan } from '../src/query/plan.ts';
import { parseQuery, runQuerySync } from '../src/query/engine.ts';
import { rewriteQuery } from '../src/query/rewrite.ts';

type Info = Record<string, unknown> & { rewrittenQuery: string };
const info = (q: string): Info => queryPlan(q).queryInfo as Info;

test('query plan: ORDER BY, TOP, aggregates, VALUE and full query ranges', () => {
  const orderBy = info('SELECT TOP 5 c.id FROM c WHERE c.a = @a ORDER BY c.n DESC, c["x y"]');
  assert.deepEqual(orderBy.orderBy, ['Descending', 'Ascending']);
  assert.deepEqual(orderBy.orderByExpressions, ['c.n', 'c["x y"]']);
  assert.equal(orderBy.top, 5);
  assert.deepEqual(orderBy.aggregates, []);
  assert.equal(orderBy.hasSelectValue, false);
  assert.match(orderBy.rewrittenQuery, /documentdb-formattableorderbyquery-filter/);

  const count = info('SELECT VALUE COUNT(1) FROM c');
  assert.deepEqual(count.aggregates, ['Count']);
  assert.equal(count.hasSelectValue, true);
  assert.deepEqual(info('SELECT VALUE AVG(c.n) FROM c').aggregates, ['Average']);

  const plain = info('SELECT * FROM c');
  assert.equal(plain.rewrittenQuery, '');
  assert.equal(plain.top, null);
  assert.deepEqual(queryPlan('SELECT * FROM c').queryRanges, [
    { min: '', max: 'FF', isMinInclusive: true, isMaxInclusive: false },
  ]);
});

test('rewritten per-range queries answer in the shapes the SDK pipeline merges', () => {
  const docs = [
    { id: 'a', n: 2, _rid: 'r1' },
    { id: 'b', n: 1, _rid: 'r2' },
  ];
  const run = (query: string): unknown[] => runQuerySync({ query }, docs);
  const ordered = run(
    info('SELECT c.id FROM c ORDER BY c.n').rewrittenQuery.replace(
      '{documentdb-formattableorderbyquery-filter}',
      'true',
    ),
  );
  assert.deepEqual(ordered, [
    { _rid: 'r2', orderByItems: [{ item: 1 }], payload: { id: 'b' } },
    { _rid: 'r1', orderByItems: [{ item: 2 }], payload: { id: 'a' } },
  ]);
  assert.deepEqual(run(info('SELECT VALUE AVG(c.n) FROM c').rewrittenQuery), [
    [{ item: { sum: 3, count: 2 } }],
  ]);
  // MIN and MAX carry the count too: the .NET SDK only reads them from an object that has one.
  assert.deepEqual(run(info('SELECT VALUE MAX(c.n) FROM c').rewrittenQuery), [
    [{ item: { max: 2, count: 2 } }],
  ]);
  assert.deepEqual(run(info('SELECT VALUE COUNT(1) FROM c').rewrittenQuery), [[{ item: 2 }]]);
  assert.equal(rewriteQuery('SELECT * FROM c', parseQuery), undefined);
});
