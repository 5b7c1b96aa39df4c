// Money is summed in integer cents. Dollars arrive as binary floats (4.99 is really 4.9900000000000002131…),
// so adding them drifts and `Math.round(n * 100)` gets halves wrong (1.005 * 100 === 100.49999999999999).
// We round the decimal the sender meant: the float's 15-significant-digit form, which is exact for every
// amount a float can carry to the cent, then round half away from zero on those digits.
import type { Order, OrderLine } from './order.ts';

/** The largest dollar amount whose cents are still a safe integer. */
const MAX_DOLLARS = Math.floor(Number.MAX_SAFE_INTEGER / 100) / 100;

/** Dollars → integer cents, rounding half away from zero (4.99 → 499, 0.1 + 0.2 → 30, 1.005 → 101). */
export function toCents(dollars: number): number {
  if (!Number.isFinite(dollars)) throw new RangeError(`toCents needs a finite number, got ${dollars}`);
  const magnitude = Math.abs(dollars);
  if (magnitude > MAX_DOLLARS) throw new RangeError(`toCents: ${dollars} is too large to count in cents`);
  // Below a thousandth of a dollar the answer is 0, and toPrecision would switch to exponent notation.
  if (magnitude < 0.001) return 0;
  // Fast path for what almost every amount is, a whole number of cents: ×100 lands within a rounding error
  // of that integer (4.99 * 100 = 499.00000000000006), and the 15-digit form below would round to it too
  // (it is within 1e-6 of a cent, far from any half cent). Below 1e7 dollars ×100 is exact to ~1e-9.
  if (magnitude < 1e7) {
    const scaled = magnitude * 100;
    const nearest = Math.round(scaled);
    if (Math.abs(scaled - nearest) < 1e-6) return dollars < 0 ? -nearest : nearest;
  }
  const [whole = '0', fraction = ''] = magnitude.toPrecision(15).split('.');
  const digits = fraction.padEnd(3, '0');
  const truncated = Number(whole) * 100 + Number(digits.slice(0, 2));
  const cents = Number(digits[2]) >= 5 ? truncated + 1 : truncated;
  return dollars < 0 ? -cents : cents;
}

/** Integer cents → `"14.97"` / `"-0.05"`: two decimals, no currency symbol, no grouping. */
export function formatCents(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`formatCents needs an integer, got ${cents}`);
  const magnitude = Math.abs(cents);
  const text = `${Math.floor(magnitude / 100)}.${String(magnitude % 100).padStart(2, '0')}`;
  return cents < 0 ? `-${text}` : text;
}

/** Quantity × UnitPrice in cents: the unit price is rounded first, as on a receipt (3 × 4.99 = 1497). */
export function lineCents(line: Pick<OrderLine, 'Quantity' | 'UnitPrice'>): number {
  return line.Quantity * toCents(line.UnitPrice);
}

/** Σ of the lines in cents (what the lines add up to; may differ from Total if the site applied discounts). */
export function orderLinesCents(order: Pick<Order, 'Details'>): number {
  return order.Details.reduce((sum, line) => sum + lineCents(line), 0);
}

/** The order's Total in cents. */
export function orderTotalCents(order: Pick<Order, 'Total'>): number {
  return toCents(order.Total);
}

/** Σ Quantity over the lines. */
export function orderUnits(order: Pick<Order, 'Details'>): number {
  return order.Details.reduce((sum, line) => sum + line.Quantity, 0);
}
