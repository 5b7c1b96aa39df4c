// Specifications for the projector's write path: batches folded from each doc's initial state and merged
// into the stored docs give the same views as evolving one event at a time.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  catalogLookup,
  foldEvents,
  generateCatalog,
  groupByKey,
  mulberry32,
  ordersPerDay,
  ordersPerHour,
  randomInt,
  VIEW_DEFINITIONS,
  VIEW_KINDS,
  withoutUnreadFields,
  zipfSampler,
} from '../src/index.ts';
import type { AnyViewDefinition, FoldContext, OrderPlaced, TelemetryEvent, ViewDoc } from '../src/index.ts';
import { CLICK_TYPES } from '../src/index.ts';
import { appliedInBatches, evolvedIntoDocs, given } from './given.ts';
import { clicked, line, placed } from './fixtures.ts';

const catalog = generateCatalog();
const ctx: FoldContext = { categoryOf: catalogLookup(catalog).categoryOf, timeZone: 'America/New_York' };

// 300 orders over three days, popular movies first, a few products the catalog does not know; after each,
// a click or two (views, carts, checkouts) of the same kind of movies, which only the funnel folds.
function traffic(count: number): TelemetryEvent[] {
  const rng = mulberry32(99);
  const nextMovie = zipfSampler(catalog.movies.length, 1, rng);
  return Array.from({ length: count }, () => {
    const lines = Array.from({ length: randomInt(rng, 1, 3) }, () => {
      const movie = catalog.movies[nextMovie()]!;
      const productId = rng() < 0.05 ? 1000 + randomInt(rng, 0, 9) : movie.movieId;
      return line(productId, randomInt(rng, 1, 4), movie.unitPrice);
    });
    const at = new Date(Date.UTC(2026, 2, 7) + Math.floor(rng() * 3 * 86_400_000)).toISOString();
    const clicks = Array.from({ length: randomInt(rng, 1, 2) }, () =>
      clicked(CLICK_TYPES[randomInt(rng, 0, 2)]!, lines[0]!.ProductId, { at }),
    );
    return [placed({ at, lines }), ...clicks];
  }).flat();
}

const events = traffic(300);

describe('batch fold', () => {
  test('applying one batch equals folding evolve one event at a time', () =>
    given(...events)
      .when(appliedInBatches(ctx, [events.length]))
      .then(evolvedIntoDocs(ctx)(events)));

  test('events without the fields no view reads (as the projector keeps them) give the same views', () => {
    const trimmed = events.map(withoutUnreadFields) as TelemetryEvent[];
    const order = trimmed.find((e) => e.type === 'OrderPlaced') as OrderPlaced;
    assert.equal(order.data.FirstName, undefined);
    assert.equal(order.data.Details[0]?.Email, undefined);
    return given(...trimmed)
      .when(appliedInBatches(ctx, [1, 50, trimmed.length]))
      .then(evolvedIntoDocs(ctx)(events));
  });

  test('however the change feed splits the events into batches, the views are the same', () =>
    given(...events)
      .when(appliedInBatches(ctx, [1, 7, 50, 2, 100, 140, events.length]))
      .then(evolvedIntoDocs(ctx)(events)));

  test('a batch is grouped by the doc each order lands in, docs in first-seen order', () => {
    const batch = [
      placed({ at: '2026-03-08T15:00:00Z' }),
      placed({ at: '2026-03-08T14:00:00Z' }),
      placed({ at: '2026-03-08T14:30:00Z' }),
    ];
    const utc = { ...ctx, timeZone: 'UTC' };
    const keys = VIEW_KINDS.flatMap((kind) =>
      [...groupByKey<ViewDoc, TelemetryEvent, OrderPlaced>(VIEW_DEFINITIONS[kind], batch, utc)].map(
        ([id, group]) => `${id}:${group.length}`,
      ),
    );
    assert.deepEqual(keys, [
      'movie-sales-776:3',
      'categories:3',
      'orders-hours-2026-03-08:3',
      'orders-day-2026-03-08:3',
      // The funnel: one day doc, one movie doc for the block of hours 12-15.
      'funnel-day-2026-03-08:3',
      'funnel-movie-hours-2026-03-08T12-1552:3',
    ]);
  });

  test('a view that folds a batch in place gives what evolve gives, and evolve never changes its input', () => {
    for (const kind of VIEW_KINDS) {
      const definition: AnyViewDefinition = VIEW_DEFINITIONS[kind];
      for (const [id, group] of groupByKey(definition, events, ctx)) {
        let evolved = definition.initial(id, ctx);
        for (const event of group) {
          const before = structuredClone(evolved);
          const next = definition.evolve(evolved, event, ctx);
          assert.deepEqual(evolved, before, `${kind}: evolve changed its input`);
          evolved = next;
        }
        assert.deepEqual(foldEvents(definition, id, group, ctx), evolved, `${kind} ${id}`);
      }
    }
  });

  test('an empty batch changes nothing', () =>
    given()
      .when(appliedInBatches(ctx, [0]))
      .then({}));
});

describe('merge', () => {
  const hourCtx = { ...ctx, timeZone: 'UTC' };
  const delta = foldEvents(
    ordersPerHour,
    'orders-hours-2026-03-08',
    [placed({ lines: [line(397518, 3, 4.99)] })],
    hourCtx,
  );

  test('adds the counters and keeps every other field of the stored doc', () => {
    const hh = Object.keys(delta.hours)[0]!;
    const stored = {
      id: 'orders-hours-2026-03-08',
      kind: 'orders-hour',
      day: '2026-03-08',
      hours: { [hh]: { orders: 2, revenue: 100, units: 5 }, '03': { orders: 1, revenue: 1, units: 1 } },
      appliedLsn: { '0': 7 },
    } as const;
    assert.deepEqual(ordersPerHour.merge(stored, delta), {
      ...stored,
      hours: { ...stored.hours, [hh]: { orders: 3, revenue: 1597, units: 8 } },
    });
  });

  test('is commutative: partial docs combine in any order', () => {
    const other = foldEvents(ordersPerHour, delta.id, [placed({ lines: [line(397519, 1, 9.99)] })], hourCtx);
    assert.deepEqual(ordersPerHour.merge(delta, other), ordersPerHour.merge(other, delta));
  });

  test('refuses to mix time zones in a daily doc', () => {
    const day = foldEvents(ordersPerDay, 'orders-day-2026-03-08', [placed()], hourCtx);
    assert.throws(() => ordersPerDay.merge(day, { ...day, timeZone: 'Asia/Tokyo' }), /counted in UTC/);
  });
});
