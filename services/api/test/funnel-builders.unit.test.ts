// The funnel report's pure assembly: zero-filled hours, counts summed over the window, rates from the sums,
// categories as the categories report lists them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildFunnel, categoriesOver } from '../src/read-models/funnel-builders.ts';

const funnel = (views: number, carts: number, checkouts: number, orders: number) => ({
  views,
  carts,
  checkouts,
  orders,
});
const asOf = { lastEventAt: null, writtenAt: null };
const names = new Map([
  [28, 'Action'],
  [35, 'Comedy'],
]);
const base = { names, asOf, movie: null, category: null };

test('hours are zero-filled, the total is the sum, and its rates come from the summed counts', () => {
  const report = buildFunnel({
    ...base,
    hourKeys: ['2026-11-22T08', '2026-11-22T09', '2026-11-22T10'],
    perHour: [funnel(10, 1, 1, 1), undefined, funnel(30, 19, 2, 1)],
    perCategory: {},
  });
  assert.deepEqual(report.series[1], {
    hour: '2026-11-22T09',
    ...funnel(0, 0, 0, 0),
    rates: { viewToCart: null, cartToCheckout: null, checkoutToOrder: null, viewToOrder: null },
  });
  // 20 / 40 overall, not the mean of 0.1 and 0.6333.
  assert.deepEqual(report.total, {
    ...funnel(40, 20, 3, 2),
    rates: { viewToCart: 0.5, cartToCheckout: 0.15, checkoutToOrder: 0.6667, viewToOrder: 0.05 },
  });
});

test('every live category is a row (zeros when nothing happened), Unknown only when it has counts; most views first', () => {
  const perCategory = categoriesOver([
    { categories: { 35: funnel(5, 1, 0, 0), 0: funnel(1, 0, 0, 0) } },
    undefined,
    { categories: { 35: funnel(2, 0, 0, 0), 99: funnel(50, 0, 0, 0) } }, // 99: deleted since
  ]);
  const report = buildFunnel({ ...base, hourKeys: [], perHour: [], perCategory });
  assert.deepEqual(
    report.categories.map((c) => [c.categoryId, c.name, c.views]),
    [
      [35, 'Comedy', 7],
      [0, 'Unknown', 1],
      [28, 'Action', 0],
    ],
  );
});

test('with one category or one movie, the rows are that scope only', () => {
  const hours = { hourKeys: ['2026-11-22T10'], perHour: [funnel(4, 2, 1, 1)], perCategory: undefined };
  const oneCategory = buildFunnel({ ...base, ...hours, category: { categoryId: 35, name: 'Comedy' } });
  assert.deepEqual(
    oneCategory.categories.map((c) => [c.categoryId, c.views, c.rates.viewToCart]),
    [[35, 4, 0.5]],
  );
  const movie = { movieId: 397518, title: 'Silent Harbor', categoryId: 28, categoryName: 'Action' };
  const oneMovie = buildFunnel({ ...base, ...hours, movie });
  assert.deepEqual(oneMovie.categories, []);
  assert.deepEqual(oneMovie.movie, movie);
  assert.equal(oneMovie.total.orders, 1);
});
