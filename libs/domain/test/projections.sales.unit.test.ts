// Specifications for the all-time sales views: top movies and category popularity.
import { describe, test } from 'node:test';
import { categoriesProjected, given, topMoviesProjected } from './given.ts';
import { line, placed } from './fixtures.ts';

const DUNE = 397518;
const HEIST = 397519;
const NOT_IN_CATALOG = 123;
const ACTION = 28;
const COMEDY = 35;
const categoryOf = (movieId: number) => ({ [DUNE]: ACTION, [HEIST]: COMEDY })[movieId];

describe('top movies of all time', () => {
  test('units, orders and revenue add up per movie across orders', () =>
    given(
      placed({ lines: [line(DUNE, 2, 4.99)] }),
      placed({ lines: [line(DUNE, 1, 4.99), line(HEIST, 1, 9.99)] }),
    )
      .when(topMoviesProjected)
      .then({
        [DUNE]: { unitsSold: 3, orders: 2, revenue: 1497 },
        [HEIST]: { unitsSold: 1, orders: 1, revenue: 999 },
      }));

  test('an order with two lines of the same movie counts as one order for it', () =>
    given(placed({ lines: [line(DUNE, 1, 4.99), line(DUNE, 2, 4.99)] }))
      .when(topMoviesProjected)
      .then({ [DUNE]: { unitsSold: 3, orders: 1, revenue: 1497 } }));

  test('revenue is Quantity × UnitPrice in cents: 3 × 4.99 is 1497, never 1496.9999', () =>
    given(placed({ lines: [line(DUNE, 3, 4.99), line(HEIST, 7, 14.99)] }))
      .when(topMoviesProjected)
      .then({
        [DUNE]: { unitsSold: 3, orders: 1, revenue: 1497 },
        [HEIST]: { unitsSold: 7, orders: 1, revenue: 10493 },
      }));

  test('a product missing from the catalog is still counted under its own id', () =>
    given(placed({ lines: [line(NOT_IN_CATALOG, 2, 1.5)] }))
      .when(topMoviesProjected)
      .then({ [NOT_IN_CATALOG]: { unitsSold: 2, orders: 1, revenue: 300 } }));

  test('nothing happened, nothing counted', () => given().when(topMoviesProjected).then({}));
});

describe('category popularity', () => {
  test('sales are summed per category through the catalog lookup', () =>
    given(placed({ lines: [line(DUNE, 2, 4.99)] }), placed({ lines: [line(HEIST, 1, 9.99)] }))
      .when(categoriesProjected(categoryOf))
      .then({
        [ACTION]: { unitsSold: 2, orders: 1, revenue: 998 },
        [COMEDY]: { unitsSold: 1, orders: 1, revenue: 999 },
      }));

  test('an order with several lines in one category counts as one order for that category', () =>
    given(
      placed({ lines: [line(DUNE, 1, 4.99), line(DUNE, 1, 4.99)] }),
      placed({ lines: [line(DUNE, 1, 4.99)] }),
    )
      .when(categoriesProjected(() => ACTION))
      .then({ [ACTION]: { unitsSold: 3, orders: 2, revenue: 1497 } }));

  test('an order spanning two categories counts once in each', () =>
    given(placed({ lines: [line(DUNE, 1, 4.99), line(HEIST, 2, 9.99)] }))
      .when(categoriesProjected(categoryOf))
      .then({
        [ACTION]: { unitsSold: 1, orders: 1, revenue: 499 },
        [COMEDY]: { unitsSold: 2, orders: 1, revenue: 1998 },
      }));

  test('products missing from the catalog count under category 0, Unknown', () =>
    given(
      placed({ lines: [line(NOT_IN_CATALOG, 1, 2), line(DUNE, 1, 4.99)] }),
      placed({ lines: [line(999, 4, 1)] }),
    )
      .when(categoriesProjected(categoryOf))
      .then({
        0: { unitsSold: 5, orders: 2, revenue: 600 },
        [ACTION]: { unitsSold: 1, orders: 1, revenue: 499 },
      }));
});
