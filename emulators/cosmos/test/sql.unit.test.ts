import { test } from 'node:test';
import assert from 'node:assert/strict';
import queryModule from '@zeit/cosmosdb-query';
import { runQuerySync } from '../src/query/engine.ts';

// Our evaluator against @zeit/cosmosdb-query's (whose semantics the emulator kept so far) on the same documents:
// the same rows, in the same order where the query has an ORDER BY.
const docs = Array.from({ length: 40 }, (_, i) => ({
  id: `d${i}`,
  _rid: `rid${String(i).padStart(3, '0')}`,
  type: i % 3 === 0 ? 'order' : i % 3 === 1 ? 'view' : 'movie',
  n: i,
  half: i % 2 === 0 ? i / 2 : undefined,
  name: `name ${i % 7}`,
  tags: i % 4 === 0 ? [] : ['a', i % 2 === 0 ? 'b' : 'c', `t${i % 5}`],
  nested: { k: i % 6, deep: { v: i % 2 === 0 ? 'x' : null } },
  mixed: [1, 'one', true, null, { o: 1 }][i % 5],
}));

const queries: [string, { name: string; value: unknown }[]?][] = [
  ['SELECT * FROM c'],
  ['SELECT VALUE COUNT(1) FROM c'],
  ['SELECT VALUE COUNT(c.half) FROM c'],
  ['SELECT VALUE MAX(c.n) FROM c WHERE c.type = "view"'],
  ['SELECT VALUE MIN(c.mixed) FROM c'],
  ['SELECT VALUE MAX(c.mixed) FROM c'],
  ['SELECT VALUE SUM(c.half) FROM c'],
  ['SELECT VALUE AVG(c.n) FROM c WHERE c.n > @m', [{ name: '@m', value: 10 }]],
  ['SELECT COUNT(1) AS n, MAX(c.n) AS hi, MIN(c.name) AS lo FROM c'],
  ['SELECT TOP 3 * FROM c ORDER BY c.n DESC'],
  ['SELECT TOP 5 c.id, c.n FROM c WHERE STARTSWITH(c.id, "d1") ORDER BY c.n'],
  ['SELECT c.id FROM c ORDER BY c.half'],
  ['SELECT c.id FROM c ORDER BY c.nested.k DESC, c.n'],
  ['SELECT VALUE c.half FROM c'],
  ['SELECT c.id, c.nested.deep.v AS v, [c.half, c.n] AS pair FROM c WHERE c.n < 6'],
  ['SELECT c.id, t FROM c JOIN t IN c.tags WHERE t != "a"'],
  ['SELECT VALUE t FROM t IN c.tags'],
  ['SELECT c.id FROM c WHERE ARRAY_CONTAINS(c.tags, "b") AND NOT IS_DEFINED(c.half) = false'],
  ['SELECT c.id FROM c WHERE c.n BETWEEN 5 AND 9 OR c.type IN ("movie", "x")'],
  ['SELECT c.id, (c.n > 20 ? "big" : "small") AS size, c.half ?? -1 AS h FROM c'],
  ['SELECT c.id FROM c WHERE EXISTS(SELECT VALUE t FROM t IN c.tags WHERE t = "c")'],
  ['SELECT c.id, ARRAY(SELECT VALUE UPPER(t) FROM t IN c.tags) AS up FROM c'],
  ['SELECT c.id, (SELECT VALUE COUNT(1) FROM t IN c.tags) AS nt FROM c'],
  ['SELECT c.id FROM c WHERE c.name || "!" = "name 3!" AND c.n % 2 = 1'],
  ['SELECT * FROM c WHERE c["type"] = @t', [{ name: '@t', value: 'order' }]],
  ['SELECT TOP 4 VALUE c.id FROM c'],
  ['SELECT VALUE {id: c.id, k: c.nested.k} FROM c WHERE c.nested.k = 2'],
  ['SELECT * FROM c.nested n'],
  ['SELECT VALUE 1 + 2'],
  ['SELECT c.id FROM c WHERE c.mixed > 0'],
];

const library = (query: string, parameters: { name: string; value: unknown }[] = []): unknown[] =>
  (queryModule.default(query).exec(docs, { parameters }) as { result: unknown[] }).result;
const canonical = (rows: unknown[]): string[] => rows.map((r) => JSON.stringify(r)).sort();

test('the evaluator agrees with @zeit/cosmosdb-query', () => {
  for (const [query, parameters] of queries) {
    const ours = runQuerySync({ query, parameters }, docs);
    const theirs = library(query, parameters);
    if (/ORDER BY/i.test(query)) assert.deepEqual(ours, theirs, query);
    else assert.deepEqual(canonical(ours), canonical(theirs), query);
  }
});

test('a syntax error or unknown function is a 400', () => {
  assert.throws(() => runQuerySync({ query: 'SELEC * FROM c' }, docs), { status: 400 });
  assert.throws(() => runQuerySync({ query: 'SELECT VALUE NOPE(c.n) FROM c' }, docs), { status: 400 });
  assert.throws(() => runQuerySync({ query: 'SELECT * FROM c JOIN t IN c.tags' }, docs), { status: 400 });
});
