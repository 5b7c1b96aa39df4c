// The bounds an order must fall within to be counted. They are far beyond anything Contoso sells (movies at
// 4.99–14.99, a handful per order) and far inside what the views count exactly: the largest order's lines
// come to 100 × 100 × $1,000 = 10^9 cents, so billions of them still sum to a safe integer. Anything outside
// is a broken or hostile producer, and is dead-lettered with a reason instead of reaching a view.

export const ORDER_BOUNDS = {
  /** Lines per order. */
  maxLines: 100,
  /** Units of one movie on one line. */
  maxQuantity: 100,
  /** Dollars for one unit. */
  maxUnitPrice: 1_000,
  /** Dollars for the whole order. */
  maxTotal: 100_000,
  /** The earliest OrderDate accepted: Contoso did not sell anything before. */
  earliestOrderDate: '2000-01-01T00:00:00Z',
  /** How far ahead of the ingest clock an OrderDate may be (clock skew between the website and us). */
  maxFutureMs: 24 * 60 * 60 * 1000,
  /** Characters in a known text field (names, address, email, transaction id…). */
  maxFieldLength: 1_000,
  /** Characters in any other string, and in any key. */
  maxStringLength: 10_000,
  /** Levels of objects and arrays, the order itself being level 1. */
  maxDepth: 32,
  /** JSON values in the whole event (every object, array, key and leaf counts one). */
  maxValues: 10_000,
} as const;

export const EARLIEST_ORDER_MS = Date.parse(ORDER_BOUNDS.earliestOrderDate);
