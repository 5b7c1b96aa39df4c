import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CATEGORIES, catalogLookup, categoryName, generateCatalog, UNKNOWN_CATEGORY } from '../src/index.ts';

const catalog = generateCatalog();

test('19 categories with their TMDB genre ids, names and a description each', () => {
  assert.equal(catalog.categories.length, 19);
  assert.deepEqual(
    catalog.categories.map((c) => c.categoryId),
    [12, 14, 16, 18, 27, 28, 35, 36, 37, 53, 80, 99, 878, 9648, 10402, 10749, 10751, 10752, 10770],
  );
  assert.deepEqual(catalog.categories[12], {
    id: 'category-878',
    type: 'category',
    categoryId: 878,
    name: 'Science Fiction',
    description: CATEGORIES[12]?.description,
  });
  for (const c of catalog.categories) assert.ok(c.description.length > 10, c.name);
});

test('exactly 500 movies with contiguous ids 397518–398017 and matching document ids', () => {
  assert.equal(catalog.movies.length, 500);
  catalog.movies.forEach((movie, i) => {
    assert.equal(movie.movieId, 397518 + i);
    assert.equal(movie.id, `movie-${movie.movieId}`);
    assert.equal(movie.type, 'movie');
  });
  assert.equal(catalog.movies.at(-1)?.movieId, 398017);
});

test('the same catalog on every call', () => {
  assert.deepEqual(generateCatalog(), catalog);
});

test('prices are 4.99–14.99 and end in .99', () => {
  for (const { unitPrice } of catalog.movies) {
    assert.ok(unitPrice >= 4.99 && unitPrice <= 14.99, String(unitPrice));
    assert.match(String(unitPrice), /^\d+\.99$/);
  }
  assert.ok(new Set(catalog.movies.map((m) => m.unitPrice)).size > 5, 'prices should vary');
});

test('titles are unique and non-empty', () => {
  const titles = catalog.movies.map((m) => m.title);
  assert.equal(new Set(titles).size, 500);
  for (const title of titles) assert.ok(title.trim().length > 0);
});

test('every movie has a known category and every category is used', () => {
  const known = new Set(CATEGORIES.map((c) => c.categoryId));
  for (const movie of catalog.movies) assert.ok(known.has(movie.categoryId), String(movie.categoryId));
  assert.deepEqual(new Set(catalog.movies.map((m) => m.categoryId)), known);
});

test('UNKNOWN_CATEGORY is category 0', () => {
  assert.deepEqual(UNKNOWN_CATEGORY, { categoryId: 0, name: 'Unknown' });
  assert.equal(categoryName(0), 'Unknown');
  assert.equal(categoryName(35), 'Comedy');
  assert.equal(categoryName(1), undefined);
});

test('catalogLookup answers category and movie questions from the documents', () => {
  const lookup = catalogLookup(catalog);
  const first = catalog.movies[0]!;
  assert.equal(lookup.categoryOf(first.movieId), first.categoryId);
  assert.equal(lookup.categoryOf(1), undefined);
  assert.deepEqual(lookup.movieInfo(first.movieId), {
    title: first.title,
    categoryId: first.categoryId,
    categoryName: categoryName(first.categoryId),
  });
  assert.equal(lookup.movieInfo(1), undefined);
  assert.equal(lookup.categoryName(0), 'Unknown');
});
