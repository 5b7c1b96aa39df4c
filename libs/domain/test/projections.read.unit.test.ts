// Specifications for the read helpers the api uses: top N and category ranking.
import { describe, test } from 'node:test';
import { categoryPopularity, categoryRanking, project, topN } from '../src/index.ts';
import type { MovieInfo, TelemetryEvent } from '../src/index.ts';
import { given, topMoviesProjected } from './given.ts';
import { line, placed } from './fixtures.ts';

const movies: Record<number, MovieInfo> = {
  397518: { title: 'Silent Harbor', categoryId: 28, categoryName: 'Action' },
  397519: { title: 'Iron Orchard', categoryId: 35, categoryName: 'Comedy' },
  397520: { title: 'Echo of Dunmore', categoryId: 28, categoryName: 'Action' },
};
const lookup = (movieId: number) => movies[movieId];
const categoryOf = (movieId: number) => movies[movieId]?.categoryId;

const ctx = { categoryOf, timeZone: 'UTC' };
const topMoviesRanked = (n: number) => (events: readonly TelemetryEvent[]) =>
  topN({ movies: topMoviesProjected(events) }, n, lookup);
const live = new Map([
  [28, 'Action'],
  [35, 'Comedy'],
  [99, 'Documentary'],
]);
const categoriesRanked = (events: readonly TelemetryEvent[]) =>
  categoryRanking(project(categoryPopularity, events, ctx).get('categories'), live);

describe('top N movies', () => {
  test('by units sold, best first, with title and category', () =>
    given(placed({ lines: [line(397518, 1, 4.99), line(397519, 5, 9.99)] }))
      .when(topMoviesRanked(10))
      .then([
        {
          rank: 1,
          movieId: 397519,
          title: 'Iron Orchard',
          categoryId: 35,
          categoryName: 'Comedy',
          unitsSold: 5,
          orders: 1,
          revenue: 4995,
        },
        {
          rank: 2,
          movieId: 397518,
          title: 'Silent Harbor',
          categoryId: 28,
          categoryName: 'Action',
          unitsSold: 1,
          orders: 1,
          revenue: 499,
        },
      ]));

  test('ties on units sold go to the lower movie id, then N cuts the list', () =>
    given(placed({ lines: [line(397520, 2), line(397518, 2), line(397519, 2)] }))
      .when((events) => topMoviesRanked(2)(events).map((row) => row.movieId))
      .then([397518, 397519]));

  test('ties are broken by id, not by orders or revenue', () =>
    given(
      placed({ lines: [line(397520, 2, 14.99)] }),
      placed({ lines: [line(397519, 1, 4.99)] }),
      placed({ lines: [line(397519, 1, 4.99)] }),
    )
      .when((events) => topMoviesRanked(3)(events).map((row) => row.movieId))
      .then([397519, 397520]));

  test('a product the catalog does not know is listed as Unknown', () =>
    given(placed({ lines: [line(42, 1, 1)] }))
      .when(topMoviesRanked(1))
      .then([
        {
          rank: 1,
          movieId: 42,
          title: 'Movie 42',
          categoryId: 0,
          categoryName: 'Unknown',
          unitsSold: 1,
          orders: 1,
          revenue: 100,
        },
      ]));

  test('no sales yet, no rows', () => given().when(topMoviesRanked(5)).then([]));
});

describe('category ranking', () => {
  test('by units sold, ties by category id, Unknown included when sold, unsold live ones at zero', () =>
    given(placed({ lines: [line(397518, 2), line(397519, 2), line(7, 3, 1)] }))
      .when(categoriesRanked)
      .then([
        { rank: 1, categoryId: 0, name: 'Unknown', unitsSold: 3, orders: 1, revenue: 300 },
        { rank: 2, categoryId: 28, name: 'Action', unitsSold: 2, orders: 1, revenue: 998 },
        { rank: 3, categoryId: 35, name: 'Comedy', unitsSold: 2, orders: 1, revenue: 998 },
        { rank: 4, categoryId: 99, name: 'Documentary', unitsSold: 0, orders: 0, revenue: 0 },
      ]));

  test('a category that is no longer live is not a row, whatever it sold', () =>
    given(placed({ lines: [line(397518, 2), line(397519, 1)] }))
      .when((events) =>
        categoryRanking(
          project(categoryPopularity, events, ctx).get('categories'),
          new Map([[35, 'Comedy']]),
        ),
      )
      .then([{ rank: 1, categoryId: 35, name: 'Comedy', unitsSold: 1, orders: 1, revenue: 499 }]));

  test('no sales and no live category, no rows; Unknown appears only once it sold', () =>
    given()
      .when((events) =>
        categoryRanking(project(categoryPopularity, events, ctx).get('categories'), new Map()),
      )
      .then([]));
});
