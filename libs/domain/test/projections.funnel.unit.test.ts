// Specifications for the conversion funnel: views, carts, checkouts and orders per UTC hour, per category and
// per movie; rates made from the counts when read.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  CATEGORIES,
  conversionFunnel,
  FUNNEL_BLOCK_HOURS,
  FUNNEL_MAX_CATEGORIES,
  FUNNEL_MOVIES_WIDTH,
  funnelBucketOf,
  funnelDayDocId,
  funnelMovieHoursDocId,
  funnelRates,
  type FunnelCounters,
  type FunnelDayDoc,
  type FunnelMovieHoursDoc,
  type FunnelSteps,
} from '../src/index.ts';
import { clicked, line, placed } from './fixtures.ts';
import { funnelProjected, given, ordersPerHourProjected, topMoviesProjected } from './given.ts';

const DUNE = 397518;
const HEIST = 397519;
const NOT_IN_CATALOG = 123;
const ACTION = 28;
const categoryOf = (movieId: number) => ({ [DUNE]: ACTION, [HEIST]: ACTION })[movieId];
const H14 = '2026-03-08T14';
const funnel = (views: number, carts: number, checkouts: number, orders: number): FunnelCounters => ({
  views,
  carts,
  checkouts,
  orders,
});

describe('the conversion funnel', () => {
  test('a view, a cart, a checkout and the order of one movie count once each, in its hour, category and movie', () =>
    given(
      clicked('ProductViewed', DUNE, { at: `${H14}:01:00Z`, session: 's1' }),
      clicked('AddedToCart', DUNE, { at: `${H14}:02:00Z`, session: 's1' }),
      clicked('CheckoutStarted', DUNE, { at: `${H14}:03:00Z`, session: 's1' }),
      placed({ at: `${H14}:04:00Z`, lines: [line(DUNE)] }),
    )
      .when(funnelProjected(categoryOf))
      .then({
        hours: { [H14]: funnel(1, 1, 1, 1) },
        categories: { [H14]: { [ACTION]: funnel(1, 1, 1, 1) } },
        movies: { [H14]: { [DUNE]: funnel(1, 1, 1, 1) } },
      }));

  test('steps count in the UTC hour they happened (event time), even when one session spans two hours', () =>
    given(
      clicked('ProductViewed', DUNE, { at: '2026-03-08T14:59:30Z', session: 's1' }),
      clicked('AddedToCart', DUNE, { at: '2026-03-08T10:00:10-05:00', session: 's1' }),
    )
      .when(funnelProjected(categoryOf))
      .then({
        hours: { [H14]: funnel(1, 0, 0, 0), '2026-03-08T15': funnel(0, 1, 0, 0) },
        categories: {
          [H14]: { [ACTION]: funnel(1, 0, 0, 0) },
          '2026-03-08T15': { [ACTION]: funnel(0, 1, 0, 0) },
        },
        movies: { [H14]: { [DUNE]: funnel(1, 0, 0, 0) }, '2026-03-08T15': { [DUNE]: funnel(0, 1, 0, 0) } },
      }));

  test('an order counts once per movie it names, once per category and once in the hour', () =>
    given(placed({ at: `${H14}:30:00Z`, lines: [line(DUNE, 1), line(DUNE, 2), line(HEIST, 1)] }))
      .when(funnelProjected(categoryOf))
      .then({
        hours: { [H14]: funnel(0, 0, 0, 1) },
        categories: { [H14]: { [ACTION]: funnel(0, 0, 0, 1) } },
        movies: { [H14]: { [DUNE]: funnel(0, 0, 0, 1), [HEIST]: funnel(0, 0, 0, 1) } },
      }));

  test('a movie the catalog does not know is counted under its own id and category 0, Unknown', () =>
    given(clicked('ProductViewed', NOT_IN_CATALOG, { at: `${H14}:10:00Z` }))
      .when(funnelProjected(categoryOf))
      .then({
        hours: { [H14]: funnel(1, 0, 0, 0) },
        categories: { [H14]: { 0: funnel(1, 0, 0, 0) } },
        movies: { [H14]: { [NOT_IN_CATALOG]: funnel(1, 0, 0, 0) } },
      }));

  test('movies of different id ranges land in different docs, each holding only its own movies', () => {
    const far = DUNE + FUNNEL_MOVIES_WIDTH;
    const order = placed({ at: `${H14}:30:00Z`, lines: [line(DUNE), line(far)] });
    const ctx = { categoryOf, timeZone: 'UTC' };
    const ids = conversionFunnel.keysOf(order, ctx);
    const bucket = funnelBucketOf(DUNE);
    assert.deepEqual(ids, [
      'funnel-day-2026-03-08',
      `funnel-movie-hours-2026-03-08T12-${bucket}`,
      `funnel-movie-hours-2026-03-08T12-${bucket + 1}`,
    ]);
    const doc = conversionFunnel.evolve(
      conversionFunnel.initial(ids[1]!, ctx),
      order,
      ctx,
    ) as FunnelMovieHoursDoc;
    assert.deepEqual(doc.movies, { [DUNE]: { 14: [0, 0, 0, 1] } });
  });

  test('a day doc holds every hour of its UTC day, a movie doc the hours of its 4-hour block', () => {
    assert.equal(funnelDayDocId('2026-03-08T00'), funnelDayDocId('2026-03-08T23'));
    assert.notEqual(funnelDayDocId('2026-03-08T23'), funnelDayDocId('2026-03-09T00'));
    assert.equal(funnelMovieHoursDocId('2026-03-08T12', DUNE), funnelMovieHoursDocId('2026-03-08T15', DUNE));
    assert.notEqual(
      funnelMovieHoursDocId('2026-03-08T15', DUNE),
      funnelMovieHoursDocId('2026-03-08T16', DUNE),
    );
    assert.equal(FUNNEL_BLOCK_HOURS * 6, 24); // blocks never straddle a day
  });

  test('nothing happened, nothing counted', () =>
    given().when(funnelProjected()).then({ hours: {}, categories: {}, movies: {} }));
});

describe('clicks beside the order views', () => {
  const orders = [placed({ at: `${H14}:30:00Z`, lines: [line(DUNE, 2)] })];
  const clicks = [
    clicked('ProductViewed', DUNE),
    clicked('AddedToCart', HEIST),
    clicked('CheckoutStarted', DUNE),
  ];

  test('clicks change none of the sales views (they fold orders only)', () => {
    given(...clicks, ...orders)
      .when(topMoviesProjected)
      .then(topMoviesProjected(orders));
    given(...clicks, ...orders)
      .when(ordersPerHourProjected)
      .then(ordersPerHourProjected(orders));
  });
});

describe('conversion rates, made when read', () => {
  test('each step over the one before it, and orders over views for the whole funnel', () =>
    assert.deepEqual(funnelRates(funnel(200, 80, 48, 36)), {
      viewToCart: 0.4,
      cartToCheckout: 0.6,
      checkoutToOrder: 0.75,
      viewToOrder: 0.18,
    }));

  test('a rate with nothing to divide by is null, not 0 and not NaN', () =>
    assert.deepEqual(funnelRates(funnel(0, 0, 0, 3)), {
      viewToCart: null,
      cartToCheckout: null,
      checkoutToOrder: null,
      viewToOrder: null,
    }));

  test('rates keep four decimals, so the same counts always read the same', () =>
    assert.equal(funnelRates(funnel(3, 1, 0, 0)).viewToCart, 0.3333));
});

describe('bounded documents', () => {
  const big = Number.MAX_SAFE_INTEGER;
  const full: FunnelSteps = [big, big, big, big];
  const hh = (i: number) => String(i).padStart(2, '0');

  test('a full movie doc of the funnel (every movie of its range, every hour, 16-digit figures) stays under 100 KB', () => {
    const hours = Object.fromEntries(
      Array.from({ length: FUNNEL_BLOCK_HOURS }, (_, i) => [hh(12 + i), full]),
    );
    const movies = Object.fromEntries(
      Array.from({ length: FUNNEL_MOVIES_WIDTH }, (_, i) => [String(9_007_199_254_740_000 + i), hours]),
    );
    const id = funnelMovieHoursDocId(H14, 9_007_199_254_740_000);
    const doc: FunnelMovieHoursDoc = { id, kind: 'funnel', hour: '2026-03-08T12', bucket: 1, movies };
    const bytes = Buffer.byteLength(JSON.stringify(doc));
    assert.ok(bytes < 100_000, `${bytes} bytes`);
    assert.equal(conversionFunnel.isExact(doc), true);
    assert.equal(conversionFunnel.isExact({ ...doc, movies: { 1: { 14: [big + 2, 0, 0, 0] } } }), false);
  });

  test('a full day doc (every hour, every category and 30 more, 16-digit figures) stays under 100 KB', () => {
    const ids = [
      ...CATEGORIES.map((c) => c.categoryId),
      0,
      ...Array.from({ length: 30 }, (_, i) => 90_000 + i),
    ];
    const categories = Object.fromEntries(ids.map((id) => [String(id), full]));
    const hours = Object.fromEntries(
      Array.from({ length: 24 }, (_, i) => [hh(i), { total: full, categories }]),
    );
    const doc: FunnelDayDoc = { id: funnelDayDocId(H14), kind: 'funnel', day: '2026-03-08', hours };
    const bytes = Buffer.byteLength(JSON.stringify(doc));
    assert.ok(bytes < 100_000, `${bytes} bytes`);
    assert.equal(conversionFunnel.isExact(doc), true);
    const overflow = { 14: { total: full, categories: { 28: [0, big + 2, 0, 0] as FunnelSteps } } };
    assert.equal(conversionFunnel.isExact({ ...doc, hours: overflow }), false);
  });

  test('a day doc holds at most FUNNEL_MAX_CATEGORIES categories an hour, which stays under Cosmos’ 2 MB; one more is not countable', () => {
    const categoriesOf = (n: number) =>
      Object.fromEntries(Array.from({ length: n }, (_, i) => [String(9_007_199_254_000 + i), full]));
    const dayOf = (n: number): FunnelDayDoc => ({
      id: funnelDayDocId(H14),
      kind: 'funnel',
      day: '2026-03-08',
      hours: Object.fromEntries(
        Array.from({ length: 24 }, (_, i) => [hh(i), { total: full, categories: categoriesOf(n) }]),
      ),
    });
    const fullest = dayOf(FUNNEL_MAX_CATEGORIES);
    const bytes = Buffer.byteLength(JSON.stringify(fullest));
    assert.ok(bytes < 1.9 * 1024 * 1024, `${bytes} bytes`);
    assert.equal(conversionFunnel.isExact(fullest), true);
    assert.equal(conversionFunnel.isExact(dayOf(FUNNEL_MAX_CATEGORIES + 1)), false);
  });
});
