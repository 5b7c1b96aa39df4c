// The catalog contract: what the writers store reads back unchanged, and anything else written straight into
// the container is refused with a reason a log line can carry.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkCategoryDoc, checkMovieDoc, generateCatalog, toCategoryDoc } from '../src/index.ts';

const catalog = generateCatalog();

test('every generated document, and every document the admin API writes, reads back as written', () => {
  for (const doc of catalog.categories) assert.deepEqual(checkCategoryDoc(doc), { ok: true, doc });
  for (const doc of catalog.movies) assert.deepEqual(checkMovieDoc(doc), { ok: true, doc });
  const written = toCategoryDoc({ categoryId: 911, name: 'Biography', description: '' });
  assert.deepEqual(checkCategoryDoc(written), { ok: true, doc: written });
});

test('store fields are dropped, soft-delete fields and the LSN kept, a missing description is empty', () => {
  const stored = { ...catalog.categories[0], deleted: true, ttl: 60, _lsn: 7, _etag: '"x"', _ts: 1 };
  const check = checkCategoryDoc(stored);
  assert.equal(check.ok, true);
  assert.deepEqual(check.ok && check.doc, { ...catalog.categories[0], deleted: true, ttl: 60, _lsn: 7 });
  const bare = { id: 'category-5', type: 'category', categoryId: 5, name: 'Five' };
  assert.deepEqual(checkCategoryDoc(bare), { ok: true, doc: { ...bare, description: '' } });
});

test('a category with its name missing, null, a number or blank is refused with the reason', () => {
  const good = catalog.categories[0]!;
  const { name: _omitted, ...nameless } = good;
  for (const doc of [nameless, { ...good, name: null }, { ...good, name: 42 }, { ...good, name: '  ' }]) {
    assert.deepEqual(checkCategoryDoc(doc), { ok: false, reason: 'name must be a non-blank string' });
  }
  assert.equal(checkCategoryDoc({ ...good, categoryId: '12' }).ok, false);
  assert.equal(checkCategoryDoc({ ...good, categoryId: 0 }).ok, false);
  assert.equal(checkCategoryDoc({ ...good, description: 3 }).ok, false);
  assert.equal(checkCategoryDoc({ ...good, type: 'movie' }).ok, false);
  assert.equal(checkCategoryDoc(null).ok, false);
  assert.equal(checkCategoryDoc('category').ok, false);
});

test('a movie with a bad title, id, category or price is refused with the reason', () => {
  const good = catalog.movies[0]!;
  assert.deepEqual(checkMovieDoc({ ...good, title: null }), {
    ok: false,
    reason: 'title must be a non-blank string',
  });
  assert.equal(checkMovieDoc({ ...good, movieId: 1.5 }).ok, false);
  assert.equal(checkMovieDoc({ ...good, categoryId: -1 }).ok, false);
  assert.equal(checkMovieDoc({ ...good, unitPrice: Infinity }).ok, false);
  assert.equal(checkMovieDoc({ ...good, unitPrice: '4.99' }).ok, false);
  assert.equal(checkMovieDoc([]).ok, false);
});
