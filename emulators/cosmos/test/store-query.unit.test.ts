// Queries over the store (index lookups, partial reads of the JSON text, results fetched for passing rows only,
// `SELECT *` rows as stored text) give exactly what the evaluator gives over the fully parsed documents in scan
// order: the same rows in the same order, page by page, with the equality index on and off.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Evaluation, type QuerySpec } from '../src/query/engine.ts';
import { orderByRewrite } from '../src/query/rewrite.ts';
import { arraySource, StoredJson, type OpenSource } from '../src/query/source.ts';
import type { ContainerStore } from '../src/store/container.ts';
import { docOf, type Doc } from '../src/store/types.ts';
import { memoryAccount, memoryStore, write } from './memory-store.ts';

const NOW = 1_800_000_000_000;

function storeWith(docs: Doc[], equalityIndex: boolean): ContainerStore {
  const store = memoryStore(memoryAccount(equalityIndex));
  for (const body of docs) write(store, { kind: 'create', body: structuredClone(body) }, NOW);
  // Rewrites move documents to the end of their range's log and between index values.
  for (const body of docs.filter((_, i) => i % 9 === 0)) {
    write(store, { kind: 'upsert', body: { ...body, type: 'view', n: (body.n as number) + 100 } }, NOW);
  }
  return store;
}

const docs: Doc[] = Array.from({ length: 120 }, (_, i) => ({
  id: `d${i}`,
  pk: `p${i % 11}`,
  type: i % 3 === 0 ? 'order' : i % 3 === 1 ? 'view' : i % 10 === 2 ? 7 : 'movie',
  kind: i % 2 === 0 ? 'a' : null,
  n: i,
  tie: i % 4,
  name: `name ${i % 7}`,
  tags: i % 4 === 0 ? [] : ['a', `t${i % 5}`],
  data: {
    Total: (i * 37) % 250,
    Details: [{ q: i % 3, s: '}"]', type: 'line' }],
    Region: i % 2 ? 'West' : 'East',
  },
}));

const queries: QuerySpec[] = [
  { query: "SELECT * FROM c WHERE c.type = 'order'" },
  { query: "SELECT VALUE COUNT(1) FROM c WHERE c.type = 'view'" },
  { query: "SELECT c.id FROM c WHERE 'movie' = c['type'] AND c.n > 20" },
  {
    query: 'SELECT * FROM c WHERE c.type IN ("order", 7, "none") AND c.kind = @k',
    parameters: [{ name: '@k', value: 'a' }],
  },
  { query: 'SELECT c.id, c.kind FROM c WHERE c.kind = null' },
  { query: 'SELECT * FROM c WHERE c.type = @t', parameters: [{ name: '@t', value: 7 }] },
  { query: "SELECT TOP 5 * FROM c WHERE c.type = 'order' ORDER BY c.tie DESC" },
  { query: "SELECT TOP 10 c.id FROM c WHERE c.type = 'view' ORDER BY c._ts DESC" },
  { query: "SELECT c.id, c.n FROM c WHERE c.type = 'movie' ORDER BY c.tie, c.n DESC" },
  { query: 'SELECT * FROM c WHERE c.data.Total > 100' },
  { query: 'SELECT c.id FROM c WHERE c.data.Total > 100 AND c.data.Region = "West"' },
  { query: 'SELECT c.id, c.data.Details FROM c WHERE c.data.Details[0].q = 1' },
  { query: 'SELECT VALUE c.data FROM c WHERE c.data.Total < 30 ORDER BY c.data.Total' },
  { query: 'SELECT VALUE MAX(c.data.Total) FROM c WHERE c.type != "order"' },
  { query: 'SELECT c.id FROM c WHERE c.type = "order" OR c.n < 3' },
  { query: 'SELECT c.id, t FROM c JOIN t IN c.tags WHERE c.type = "view"' },
  {
    query:
      'SELECT c.id FROM c WHERE EXISTS(SELECT VALUE t FROM t IN c.tags WHERE t = "t1") AND c.type = "movie"',
  },
  { query: 'SELECT c.id, t FROM c JOIN t IN c.tags WHERE c.type = "view" ORDER BY c.tie DESC' },
  { query: "SELECT VALUE c.q FROM c JOIN c IN c.data.Details WHERE c.type = 'line'" },
  { query: 'SELECT * FROM c' },
  { query: 'SELECT * FROM c ORDER BY c.tie' },
  { query: "SELECT c._rid, c.id FROM c WHERE STARTSWITH(c.id, 'd1')" },
  { query: orderByRewrite("SELECT * FROM c WHERE c.type = 'order' ORDER BY c.n DESC") },
];

/** All results, taken `size` at a time as pages are; stored text parsed for comparison. */
async function results(spec: QuerySpec, open: OpenSource, size: number): Promise<unknown[]> {
  const evaluation = new Evaluation(spec, open);
  const out: unknown[] = [];
  for (;;) {
    const page = await evaluation.take(size);
    out.push(...page.map((r) => (r instanceof StoredJson ? JSON.parse(r.text) : r)));
    if (evaluation.done) return out;
  }
}

test('store-backed evaluation equals the evaluator over parsed documents, index on and off', async () => {
  const indexed = storeWith(docs, true);
  const scanned = storeWith(docs, false);
  const parsed = indexed.records({}, NOW).map(docOf);
  let narrowed = 0;
  for (const spec of queries) {
    const expected = await results(spec, () => arraySource(parsed), Infinity);
    for (const store of [indexed, scanned]) {
      const open: OpenSource = (equalities) => {
        const source = store.snapshot({}, NOW, equalities);
        if (source.length < parsed.length) narrowed++;
        return source;
      };
      for (const size of [7, 1000]) {
        assert.deepEqual(await results(spec, open, size), expected, `${spec.query} (${size} per page)`);
      }
    }
  }
  assert.ok(narrowed >= 2 * 10, 'the /type and /kind filters scanned only their candidates');
});

test('a range scope narrows index lookups the same way as scans', () => {
  const store = storeWith(docs, true);
  for (let range = 0; range < 4; range++) {
    const looked = store.snapshot({ range }, NOW, [{ field: 'type', values: ['order'] }]);
    const ids = Array.from({ length: looked.length }, (_, i) => looked.at(i, 'all').id);
    const scan = store
      .records({ range }, NOW)
      .map(docOf)
      .filter((d) => d.type === 'order')
      .map((d) => d.id);
    assert.deepEqual(ids, scan);
  }
});
