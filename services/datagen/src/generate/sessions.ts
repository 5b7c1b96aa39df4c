// Clickstream that leads to the orders: for every order, the session in which the shopper viewed, carted and
// checked out exactly its movies, plus an earlier abandoned session whose size follows the conversion rates.
// Pure and seeded on a stream of its own, so turning clickstream on changes no order.
//
// Why the counts come out right: each checkout that became an order is preceded by Geometric(checkoutToOrder)
// abandoned checkouts, each checkout (kept or abandoned) by Geometric(cartToCheckout) carts that went no
// further, and each cart by Geometric(viewToCart) views that went no further (Geometric(p) = failures before
// the first success, mean (1 - p) / p). So orders / checkouts → checkoutToOrder, checkouts / carts →
// cartToCheckout and carts / views → viewToCart, in expectation, overall and per device.
import type { Click, ClickType, Order, Rng } from '@marquee/domain';
import { pick } from '@marquee/domain';
import { moviePicker, type CatalogMovie } from './popularity.ts';
import { assertSeed, streamRng } from './seeds.ts';

export interface ConversionRates {
  /** Share of product views followed by an add to cart, (0, 1]. */
  viewToCart: number;
  /** Share of carts followed by a checkout, (0, 1]. */
  cartToCheckout: number;
  /** Share of checkouts that become an order, (0, 1]. */
  checkoutToOrder: number;
}

export const DEFAULT_CONVERSION: ConversionRates = {
  viewToCart: 0.4,
  cartToCheckout: 0.6,
  checkoutToOrder: 0.75,
};

/** Devices with their share of sessions. */
export const DEVICES = [
  ['desktop', 0.45],
  ['mobile', 0.4],
  ['tablet', 0.1],
  ['tv', 0.05],
] as const;

export interface GeneratedClick {
  type: ClickType;
  schemaVersion: number;
  data: Click;
  /** UTF-8 JSON of `data`: what is sent, with `type` and `schemaVersion` as application properties. */
  body: Buffer;
}

export interface ClickstreamGenerator {
  /** The clicks that led to this order (its session and an abandoned one), oldest first. */
  sessionsFor(order: Order): GeneratedClick[];
}

const SECOND = 1000;
const CURRENT_VERSION: Record<ClickType, number> = { ProductViewed: 2, AddedToCart: 1, CheckoutStarted: 1 };

export function checkRates(rates: ConversionRates): void {
  for (const [name, value] of Object.entries(rates)) {
    if (!(value > 0 && value <= 1)) throw new RangeError(`${name} must be > 0 and <= 1, got ${value}`);
  }
}

/** Failures before the first success of a Bernoulli(p) trial, capped so a tiny rate cannot run away. */
function geometric(rng: Rng, p: number, cap = 1000): number {
  let failures = 0;
  while (failures < cap && rng() >= p) failures++;
  return failures;
}

function drawDevice(rng: Rng): string {
  let u = rng();
  for (const [device, share] of DEVICES) if ((u -= share) < 0) return device;
  return 'desktop';
}

export function createClickstreamGenerator(options: {
  seed: number;
  catalog: { movies: readonly CatalogMovie[] };
  rates?: ConversionRates;
}): ClickstreamGenerator {
  assertSeed(options.seed);
  const rates = options.rates ?? DEFAULT_CONVERSION;
  checkRates(rates);
  const rng = streamRng(options.seed, 'clicks');
  const pickMovie = moviePicker(options.catalog.movies, rng);
  const prefix = `sess_${options.seed.toString(16).padStart(8, '0')}_`;
  let sessions = 0;

  /** Steps of one session, spread 20–60 s apart, the last one `endMs`. */
  const session = (steps: [ClickType, number][], customer: string, endMs: number): GeneratedClick[] => {
    const sessionId = `${prefix}${String(++sessions).padStart(10, '0')}`;
    const device = drawDevice(rng);
    const gaps = steps.map(() => (20 + Math.floor(rng() * 40)) * SECOND);
    let at = endMs - gaps.reduce((a, b) => a + b, 0);
    return steps.map(([type, movieId], i) => {
      at += gaps[i] as number;
      const data: Click = { sessionId, customer, movieId, timestamp: new Date(at).toISOString(), device };
      return { type, schemaVersion: CURRENT_VERSION[type], data, body: Buffer.from(JSON.stringify(data)) };
    });
  };

  /** A cart of `movieId`, preceded by the views it took and followed by the carts that went nowhere. */
  const cartSteps = (movieId: number): [ClickType, number][] => {
    const steps: [ClickType, number][] = [];
    for (let i = geometric(rng, rates.viewToCart); i > 0; i--)
      steps.push(['ProductViewed', pick(rng, [movieId, pickMovie().movieId])]);
    steps.push(['ProductViewed', movieId], ['AddedToCart', movieId]);
    return steps;
  };

  const sessionsFor = (order: Order): GeneratedClick[] => {
    const customer = order.Email ?? order.Details[0]?.Email ?? 'anonymous@example.com';
    const orderMs = Date.parse(order.OrderDate);
    const movies = [...new Set(order.Details.map((line) => line.ProductId))];
    const abandoned: [ClickType, number][] = [];
    // Every checkout (the kept one per movie and the abandoned ones) has carts that went no further before it.
    const checkout = (movieId: number, steps: [ClickType, number][]): void => {
      for (let i = geometric(rng, rates.cartToCheckout); i > 0; i--)
        abandoned.push(...cartSteps(pickMovie().movieId));
      steps.push(...cartSteps(movieId), ['CheckoutStarted', movieId]);
    };
    const kept: [ClickType, number][] = [];
    for (const movieId of movies) {
      for (let i = geometric(rng, rates.checkoutToOrder); i > 0; i--)
        checkout(pickMovie().movieId, abandoned);
      checkout(movieId, kept);
    }
    // The abandoned session ends an hour or so before the order; the order's session ends 30 s before it.
    const earlier =
      abandoned.length === 0
        ? []
        : session(abandoned, customer, orderMs - (30 + Math.floor(rng() * 90)) * 60 * SECOND);
    return [...earlier, ...session(kept, customer, orderMs - 30 * SECOND)];
  };

  return { sessionsFor };
}
