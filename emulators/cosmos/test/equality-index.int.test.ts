// Through @azure/cosmos, queries answer the same with the equality index as without it (the index only narrows
// what a scan reads): same rows in the same order, page by page with continuations, a resumed continuation,
// ORDER BY and aggregates on the default path and in the SDK's own pipeline, one partition, and after replaces,
// deletes and expiry moved documents between values. Each answer is also checked against the documents written.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Container, FeedOptions, SqlQuerySpec } from '@azure/cosmos';
import { freshContainer, startFixture, type Fixture } from './helpers.ts';

const TYPES = ['Rated', 'Viewed', 'Added', 'Shared'];
const N = 160;
let indexed: Fixture;
let scanned: Fixture;
const containers: Container[] = [];

/** Documents written with `ttl: 1` (never rewritten or deleted later, which would race their expiry). */
const expires = (i: number) => i % 50 === 49 && i % 9 !== 0;

/** The live documents once writes settle, to check answers against: id → {type, n}. */
const expected = new Map<string, { type: string; n: number; total: number }>();

before(async () => {
  // No TTL sweep: its deletes would take LSNs at different moments in the two (expired items are hidden anyway).
  const options = { ttlSweepIntervalMs: 3_600_000 };
  [indexed, scanned] = await Promise.all([
    startFixture(options),
    startFixture({ ...options, equalityIndex: false }),
  ]);
  for (const fx of [indexed, scanned]) {
    const container = await freshContainer(fx.database, { defaultTtl: -1 });
    containers.push(container);
    // The same writes in the same order, one at a time, so both hold the same documents with the same _rid and
    // _lsn (and so the same scan order).
    for (let i = 0; i < N; i++) {
      await container.items.create({
        id: `e${i}`,
        pk: `p${i % 7}`,
        type: TYPES[i % 4] as string,
        n: i,
        rank: i % 5,
        data: { total: (i * 37) % 200 },
        ...(expires(i) ? { ttl: 1 } : {}),
      });
    }
    for (let i = 0; i < N; i += 9) {
      const body = { id: `e${i}`, pk: `p${i % 7}`, type: 'Viewed', n: i, rank: i % 5, data: { total: i } };
      await container.items.upsert(body);
    }
    for (let i = 3; i < N; i += 17) await container.item(`e${i}`, `p${i % 7}`).delete();
  }
  for (let i = 0; i < N; i++) {
    const rewritten = i % 9 === 0;
    if (expires(i) || (i >= 3 && (i - 3) % 17 === 0)) continue;
    expected.set(`e${i}`, {
      type: rewritten ? 'Viewed' : (TYPES[i % 4] as string),
      n: i,
      total: rewritten ? i : (i * 37) % 200,
    });
  }
  await new Promise((resolve) => setTimeout(resolve, 2100)); // the ttl: 1 documents expire
});
after(async () => {
  await Promise.all([indexed?.close(), scanned?.close()]);
});

/** Every page of a query, with its continuation followed by a new iterator each time (a resumed token). */
async function pages(container: Container, spec: SqlQuerySpec, options: FeedOptions): Promise<unknown[][]> {
  const out: unknown[][] = [];
  let continuationToken: string | undefined;
  do {
    const page = await container.items.query(spec, { ...options, continuationToken }).fetchNext();
    if (page.resources.length > 0) out.push(page.resources);
    continuationToken = page.continuationToken;
  } while (continuationToken);
  return out;
}

async function both(spec: SqlQuerySpec, options: FeedOptions = {}): Promise<unknown[]> {
  const [a, b] = await Promise.all(containers.map((c) => c.items.query(spec, options).fetchAll()));
  const stable = (rows: unknown[]) => rows.map((r) => ({ ...(r as object), _ts: undefined }));
  assert.deepEqual(stable(a?.resources ?? []), stable(b?.resources ?? []), spec.query);
  return a?.resources ?? [];
}

const ids = (rows: unknown[]) => rows.map((r) => (r as { id: string }).id);
const where = (test: (d: { type: string; n: number; total: number }) => boolean) =>
  [...expected].filter(([, d]) => test(d)).map(([id]) => id);

test('type filters: the same rows, page by page, with resumed continuations', async () => {
  const spec = { query: "SELECT * FROM c WHERE c.type = 'Viewed' AND c.n > 10" };
  const [a, b] = await Promise.all(containers.map((c) => pages(c, spec, { maxItemCount: 9 })));
  assert.deepEqual(a?.map(ids), b?.map(ids));
  assert.ok((a?.length ?? 0) > 3);
  assert.deepEqual(ids(a?.flat() ?? []).sort(), where((d) => d.type === 'Viewed' && d.n > 10).sort());

  const rows = await both(
    {
      query: 'SELECT c.id, c.type FROM c WHERE c.type IN (@a, @b)',
      parameters: [
        { name: '@a', value: 'Rated' },
        { name: '@b', value: 'Added' },
      ],
    },
    { maxItemCount: 13 },
  );
  assert.deepEqual(ids(rows).sort(), where((d) => d.type === 'Rated' || d.type === 'Added').sort());
  assert.deepEqual(await both({ query: "SELECT VALUE COUNT(1) FROM c WHERE c.type = 'Rated'" }), [
    where((d) => d.type === 'Rated').length,
  ]);
  const inPartition = await both(
    { query: "SELECT * FROM c WHERE c.type = 'Viewed'" },
    { partitionKey: 'p3' },
  );
  assert.ok(inPartition.length > 0);
});

test('ORDER BY and TOP with a type filter, on the default path and in the SDK pipeline', async () => {
  for (const options of [{ maxItemCount: 7 }, { maxItemCount: 7, forceQueryPlan: true }]) {
    const sorted = await both(
      { query: "SELECT c.id, c.rank FROM c WHERE c.type = 'Viewed' ORDER BY c.rank DESC" },
      options,
    );
    const ranks = sorted.map((r) => (r as { rank: number }).rank);
    assert.deepEqual(
      ranks,
      [...ranks].sort((x, y) => y - x),
    );
    assert.equal(sorted.length, where((d) => d.type === 'Viewed').length);
    const top = await both(
      { query: "SELECT TOP 5 * FROM c WHERE c.type = 'Rated' ORDER BY c.n DESC" },
      options,
    );
    assert.deepEqual(
      ids(top),
      where((d) => d.type === 'Rated')
        .sort((x, y) => (expected.get(y)?.n ?? 0) - (expected.get(x)?.n ?? 0))
        .slice(0, 5),
    );
    const [max] = await both({ query: "SELECT VALUE MAX(c.n) FROM c WHERE c.type = 'Added'" }, options);
    assert.equal(max, Math.max(...where((d) => d.type === 'Added').map((id) => expected.get(id)?.n ?? 0)));
  }
});

test('a nested-field filter, SELECT * and projections, across partitions', async () => {
  const all = await both({ query: 'SELECT * FROM c WHERE c.data.total > 150' }, { maxItemCount: 11 });
  assert.deepEqual(ids(all).sort(), where((d) => d.total > 150).sort());
  const projected = await both({
    query: 'SELECT c.id, c.data FROM c WHERE c.data.total < 20 AND c.type = "Viewed"',
  });
  assert.deepEqual(ids(projected).sort(), where((d) => d.total < 20 && d.type === 'Viewed').sort());
});
