// Clickstream: what shoppers do on Contoso's website before they order. Three past-tense events share one
// shape: who (session, customer), what (movie), when and on what device. Field names are ours (camelCase);
// anything else the site adds is kept as is, like on orders.

export const CLICK_TYPES = ['ProductViewed', 'AddedToCart', 'CheckoutStarted'] as const;
export type ClickType = (typeof CLICK_TYPES)[number];

/** ProductViewed version 1: sent before the website recorded the device. */
export interface ClickV1 {
  /** The website's session id: one visit, from first view to checkout or abandonment. */
  sessionId: string;
  /** Who: the customer's e-mail as the site knows it. */
  customer: string;
  /** The movie (catalog id). */
  movieId: number;
  /** When it happened: ISO-8601 instant with a zone. */
  timestamp: string;
  [extra: string]: unknown;
}

/** The current version of every click event's data. */
export interface Click extends ClickV1 {
  /** `desktop`, `mobile`, `tablet`, `tv`; `unknown` for events from before the site recorded it. */
  device: string;
  [extra: string]: unknown;
}

export const isClickType = (type: string): type is ClickType =>
  (CLICK_TYPES as readonly string[]).includes(type);
