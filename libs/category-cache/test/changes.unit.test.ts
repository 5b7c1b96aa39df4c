import { test } from 'node:test';
import assert from 'node:assert/strict';
import { effectOf, planBatch, type VersionedChange } from '../src/index.ts';

const category = (categoryId: number, lsn: number, extra: Record<string, unknown> = {}) => ({
  id: `category-${categoryId}`,
  type: 'category',
  categoryId,
  name: `C${categoryId}`,
  description: 'd',
  _lsn: lsn,
  ...extra,
});
const movie = (movieId: number, lsn: number) => ({
  id: `movie-${movieId}`,
  type: 'movie',
  movieId,
  _lsn: lsn,
});

test('latest version: categories are upserts, soft deletes removes, movies ignored', () => {
  assert.deepEqual(effectOf(category(1, 5), 'latestVersion'), { kind: 'upsert', id: 'category-1', lsn: 5 });
  assert.deepEqual(effectOf(category(1, 6, { deleted: true, ttl: 60 }), 'latestVersion'), {
    kind: 'remove',
    id: 'category-1',
    lsn: 6,
  });
  assert.deepEqual(effectOf(movie(7, 8), 'latestVersion'), { kind: 'ignore' });
  assert.deepEqual(effectOf(null, 'latestVersion'), { kind: 'ignore' });
});

test('all versions: a hard delete is a remove with the delete LSN; movie deletes are ignored', () => {
  const del = (id: string, pk: unknown, lsn: number): VersionedChange => ({
    metadata: { operationType: 'delete', lsn, id, partitionKey: pk },
  });
  assert.deepEqual(effectOf(del('category-3', { '/type': 'category' }, 40), 'allVersionsAndDeletes'), {
    kind: 'remove',
    id: 'category-3',
    lsn: 40,
  });
  assert.deepEqual(effectOf(del('movie-3', { '/type': 'movie' }, 41), 'allVersionsAndDeletes'), {
    kind: 'ignore',
  });
  assert.deepEqual(effectOf(del('category-4', undefined, 42), 'allVersionsAndDeletes'), {
    kind: 'remove',
    id: 'category-4',
    lsn: 42,
  });
  assert.deepEqual(
    effectOf(
      { current: category(5, 1), metadata: { operationType: 'replace', lsn: 43 } },
      'allVersionsAndDeletes',
    ),
    { kind: 'upsert', id: 'category-5', lsn: 43 },
  );
  assert.deepEqual(
    effectOf(
      { current: movie(5, 44), metadata: { operationType: 'create', lsn: 44 } },
      'allVersionsAndDeletes',
    ),
    { kind: 'ignore' },
  );
});

test('a batch refreshes once, with the highest category LSN as its version', () => {
  const plan = planBatch(
    [category(1, 10), movie(2, 30), category(2, 12, { deleted: true })],
    'latestVersion',
  );
  assert.deepEqual(plan, { refresh: true, lsn: 12, upserted: ['category-1'], removed: ['category-2'] });
  assert.equal(planBatch([movie(1, 3), movie(2, 4)], 'latestVersion').refresh, false);
});

test('the version of a delete comes from the change, even when it is above every remaining document', () => {
  const plan = planBatch(
    [
      {
        metadata: {
          operationType: 'delete',
          lsn: 99,
          id: 'category-9',
          partitionKey: { '/type': 'category' },
        },
      },
    ],
    'allVersionsAndDeletes',
  );
  assert.equal(plan.lsn, 99);
});

test('a change without an LSN takes the fallback (the batch span from the processor)', () => {
  const { _lsn: _, ...noLsn } = category(1, 0);
  assert.equal(planBatch([noLsn], 'latestVersion', 77).lsn, 77);
});
