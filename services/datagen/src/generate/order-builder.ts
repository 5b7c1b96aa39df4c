// Draws and assembles one Contoso order. Field order follows Contoso's website, so bodies read like theirs and
// the JSON text (hence the bytes) is fixed by the inputs alone.
import { lineCents } from '@marquee/domain';
import type { Order, OrderLine, Rng } from '@marquee/domain';
import type { Customer } from './customers.ts';
import type { CatalogMovie } from './popularity.ts';

/** Weights for 1..6 lines per order: most orders are small. */
const LINE_COUNT_WEIGHTS = [40, 25, 15, 10, 6, 4];
/** Weights for a quantity of 1..4. */
const QUANTITY_WEIGHTS = [60, 25, 10, 5];
export const MAX_LINES = LINE_COUNT_WEIGHTS.length;
export const MAX_QUANTITY = QUANTITY_WEIGHTS.length;

/** An index into `weights`, drawn with probability proportional to its weight. */
export function weightedIndex(rng: Rng, weights: readonly number[]): number {
  const total = weights.reduce((sum, w) => sum + w, 0);
  let u = rng() * total;
  for (let i = 0; i < weights.length; i++) {
    u -= weights[i] as number;
    if (u < 0) return i;
  }
  return weights.length - 1;
}

export interface DrawnLine {
  movie: CatalogMovie;
  quantity: number;
}

/**
 * 1–6 lines of distinct movies with quantities 1–4. A movie drawn twice is drawn again (a basket lists a title
 * once); a bounded number of attempts keeps this total even for a tiny catalog.
 */
export function drawLines(rng: Rng, pickMovie: () => CatalogMovie): DrawnLine[] {
  const wanted = weightedIndex(rng, LINE_COUNT_WEIGHTS) + 1;
  const lines: DrawnLine[] = [];
  const seen = new Set<number>();
  for (let attempt = 0; lines.length < wanted && attempt < wanted * 20; attempt++) {
    const movie = pickMovie();
    if (seen.has(movie.movieId)) continue;
    seen.add(movie.movieId);
    lines.push({ movie, quantity: weightedIndex(rng, QUANTITY_WEIGHTS) + 1 });
  }
  return lines;
}

export interface OrderParts {
  customer: Customer;
  lines: readonly DrawnLine[];
  orderDate: Date;
  transactionId: string;
}

export const receiptUrl = (transactionId: string): string =>
  `https://receipts.contosomovies.example/orders/${transactionId}`;

/** The order, with Total = Σ Quantity × UnitPrice computed in cents and given back as a 2-decimal number. */
export function buildOrder({ customer, lines, orderDate, transactionId }: OrderParts): Order {
  const details: OrderLine[] = lines.map(({ movie, quantity }) => ({
    Email: customer.Email,
    ProductId: movie.movieId,
    Quantity: quantity,
    UnitPrice: movie.unitPrice,
  }));
  const totalCents = details.reduce((sum, line) => sum + lineCents(line), 0);
  return {
    Region: customer.Region,
    OrderDate: orderDate.toISOString(),
    FirstName: customer.FirstName,
    LastName: customer.LastName,
    Address: customer.Address,
    City: customer.City,
    State: customer.State,
    PostalCode: customer.PostalCode,
    Country: customer.Country,
    Phone: customer.Phone,
    SMSOptIn: customer.SMSOptIn,
    SMSStatus: customer.SMSStatus,
    Email: customer.Email,
    ReceiptUrl: receiptUrl(transactionId),
    // Integer cents / 100 is the double nearest the 2-decimal amount, so JSON prints e.g. 27.96 exactly.
    Total: totalCents / 100,
    PaymentTransactionId: transactionId,
    HasBeenShipped: false,
    Details: details,
  };
}

/** UTF-8 JSON bytes, as the website posts them. */
export const jsonBytes = (value: unknown): Buffer => Buffer.from(JSON.stringify(value), 'utf8');
