// Conversion rates are made when read, from counts: a rate of a sum is not the sum of rates, so the views
// store counts (which add up across leases, hours, movies) and every reader divides the counts it summed.
import type { FunnelCounters } from './funnel.ts';

export interface FunnelRates {
  /** carts / views: the share of product views followed by an add to cart. */
  viewToCart: number | null;
  /** checkouts / carts. */
  cartToCheckout: number | null;
  /** orders / checkouts. */
  checkoutToOrder: number | null;
  /** orders / views: the whole funnel. */
  viewToOrder: number | null;
}

// Four decimals: a rate is shown as a percentage with two, and the same counts always give the same figure.
const ratio = (part: number, whole: number): number | null =>
  whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null;

/**
 * The rates of a funnel; a rate is null when its denominator is 0 (no views, say). A rate can pass 1: orders
 * placed without clicks (the orders hub alone) or a session split across an hour boundary are counted where
 * they happened.
 */
export function funnelRates(c: FunnelCounters): FunnelRates {
  return {
    viewToCart: ratio(c.carts, c.views),
    cartToCheckout: ratio(c.checkouts, c.carts),
    checkoutToOrder: ratio(c.orders, c.checkouts),
    viewToOrder: ratio(c.orders, c.views),
  };
}
