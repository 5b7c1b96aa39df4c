// Clickstream sessions: coherent with the orders they lead to, valid against the registry, converting at the
// configured rates, reproducible from the seed, and without effect on the orders themselves.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateCatalog, validateEvent } from '@marquee/domain';
import type { Order } from '@marquee/domain';
import { createClickstreamGenerator, createOrderGenerator } from '../src/generate/index.ts';
import type { ConversionRates, GeneratedClick } from '../src/generate/index.ts';

const catalog = generateCatalog();
const now = new Date('2026-03-08T12:00:00.000Z');

function ordersAndClicks(
  n: number,
  rates?: ConversionRates,
  seed = 7,
): { orders: Order[]; clicks: GeneratedClick[][] } {
  const orders = createOrderGenerator({ seed, catalog, now: () => now, backfillMs: 86_400_000 });
  const sessions = createClickstreamGenerator({ seed, catalog, ...(rates ? { rates } : {}) });
  const list = Array.from({ length: n }, () => orders.next().order as Order);
  return { orders: list, clicks: list.map((order) => sessions.sessionsFor(order)) };
}

test('each order is preceded by a session that viewed, carted and checked out exactly its movies', () => {
  const { orders, clicks } = ordersAndClicks(300);
  orders.forEach((order, i) => {
    const all = clicks[i] as GeneratedClick[];
    const last = all.at(-1) as GeneratedClick;
    const session = all.filter((c) => c.data.sessionId === last.data.sessionId);
    const movies = [...new Set(order.Details.map((line) => line.ProductId))].sort();
    for (const type of ['ProductViewed', 'AddedToCart', 'CheckoutStarted'] as const) {
      const of = [...new Set(session.filter((c) => c.type === type).map((c) => c.data.movieId))].sort();
      if (type === 'ProductViewed') assert.ok(movies.every((m) => of.includes(m)));
      else assert.deepEqual(of, movies, `${type} of order ${i}`);
    }
    for (const click of all) {
      assert.equal(click.data.customer, order.Email);
      assert.ok(
        Date.parse(click.data.timestamp) < Date.parse(order.OrderDate),
        'clicks come before the order',
      );
      const verdict = validateEvent(click.body, click, { now });
      assert.ok(verdict.ok, JSON.stringify(verdict));
    }
    assert.equal(new Set(session.map((c) => c.data.device)).size, 1, 'one device per session');
  });
});

test('views, carts, checkouts and orders convert at the configured rates', () => {
  const rates = { viewToCart: 0.3, cartToCheckout: 0.5, checkoutToOrder: 0.8 };
  const { orders, clicks } = ordersAndClicks(4_000, rates);
  const count = (type: string): number => clicks.flat().filter((c) => c.type === type).length;
  const lines = orders.reduce((n, o) => n + new Set(o.Details.map((l) => l.ProductId)).size, 0);
  const [views, carts, checkouts] = [count('ProductViewed'), count('AddedToCart'), count('CheckoutStarted')];
  const near = (actual: number, expected: number, what: string): void =>
    assert.ok(Math.abs(actual - expected) < 0.02, `${what}: ${actual.toFixed(3)} vs ${expected}`);
  near(carts / views, rates.viewToCart, 'view → cart');
  near(checkouts / carts, rates.cartToCheckout, 'cart → checkout');
  near(lines / checkouts, rates.checkoutToOrder, 'checkout → order (per movie line)');
});

test('the same seed draws the same clicks; clickstream changes no order', () => {
  const a = ordersAndClicks(200);
  const b = ordersAndClicks(200);
  assert.deepEqual(
    a.clicks.flat().map((c) => c.body.toString()),
    b.clicks.flat().map((c) => c.body.toString()),
  );
  const alone = createOrderGenerator({ seed: 7, catalog, now: () => now, backfillMs: 86_400_000 });
  assert.deepEqual(
    a.orders,
    Array.from({ length: 200 }, () => alone.next().order),
  );
});

test('rates outside (0, 1] are refused', () => {
  assert.throws(
    () =>
      createClickstreamGenerator({
        seed: 1,
        catalog,
        rates: { viewToCart: 0, cartToCheckout: 1, checkoutToOrder: 1 },
      }),
    /viewToCart must be > 0/,
  );
});
