// Test data builders. Events go through validateOrder and toStoredEvent, the same path ingest uses, so a
// fixture can never be an event the real pipeline would refuse.
import { toStoredEvent, toTelemetryEvent, validateEvent, validateOrder } from '../src/index.ts';
import type {
  ClickstreamEvent,
  ClickType,
  EventSource,
  Order,
  OrderLine,
  OrderPlaced,
} from '../src/index.ts';

export const SOURCE: EventSource = { partitionId: '3', sequenceNumber: 42, offset: '8192' };
export const RECEIVED_AT = new Date('2026-03-08T15:00:00.000Z');

export function line(ProductId: number, Quantity = 1, UnitPrice = 4.99): OrderLine {
  return { Email: 'ada@example.com', ProductId, Quantity, UnitPrice };
}

/** A complete, valid order as Contoso's website sends it. */
export function contosoOrder(overrides: Partial<Order> = {}): Order {
  return {
    Region: 'WestUS',
    OrderDate: '2026-03-08T14:30:00Z',
    FirstName: 'Ada',
    LastName: 'Lovelace',
    Address: '1 Analytical Way',
    City: 'Redmond',
    State: 'WA',
    PostalCode: '98052',
    Country: 'USA',
    Phone: '+1 425 555 0100',
    SMSOptIn: true,
    SMSStatus: 'Sent',
    Email: 'ada@example.com',
    ReceiptUrl: 'https://contoso.example/receipts/1',
    Total: 14.97,
    PaymentTransactionId: 'ptx-0001',
    HasBeenShipped: false,
    Details: [line(397518, 3, 4.99)],
    ...overrides,
  };
}

let nextTransaction = 1;

/**
 * A stored OrderPlaced. `at` is OrderDate; `total` defaults to the sum of the lines. Each call gets its own
 * PaymentTransactionId unless one is given, since the views count unique orders.
 */
export function placed(options: { at?: string; lines?: OrderLine[]; total?: number; ptx?: string } = {}) {
  const lines = options.lines ?? [line(397518)];
  const total = options.total ?? lines.reduce((sum, l) => sum + l.Quantity * l.UnitPrice, 0);
  const order = contosoOrder({
    OrderDate: options.at ?? '2026-03-08T14:30:00Z',
    Details: lines,
    Total: total,
    PaymentTransactionId: options.ptx ?? `ptx-test-${nextTransaction++}`,
  });
  const validation = validateOrder(order, {
    // Fixtures place orders when a test says; the clock bound has its own tests.
    now: new Date(Math.max(RECEIVED_AT.getTime(), Date.parse(order.OrderDate))),
  });
  if (!validation.ok) throw new Error(`fixture is not a valid order: ${validation.reasons.join('; ')}`);
  return toStoredEvent(validation.order, { receivedAt: RECEIVED_AT, source: SOURCE }) satisfies OrderPlaced;
}

let nextSession = 1;

/**
 * A stored click (ProductViewed, AddedToCart, CheckoutStarted) at its current version, through the registry's
 * validation and envelope like ingest. Each call is its own session unless one is given, so no two clicks of a
 * test are the same event (a click's id is its content's).
 */
export function clicked(
  type: ClickType,
  movieId: number,
  options: { at?: string; session?: string; device?: string } = {},
): ClickstreamEvent {
  const data = {
    sessionId: options.session ?? `sess-test-${nextSession++}`,
    customer: 'ada@example.com',
    movieId,
    timestamp: options.at ?? '2026-03-08T14:10:00Z',
    device: options.device ?? 'desktop',
  };
  const declared = { type, schemaVersion: type === 'ProductViewed' ? 2 : 1 };
  const now = new Date(Math.max(RECEIVED_AT.getTime(), Date.parse(data.timestamp)));
  const validation = validateEvent(JSON.stringify(data), declared, { now });
  if (!validation.ok) throw new Error(`fixture is not a valid click: ${validation.reasons.join('; ')}`);
  return toTelemetryEvent(validation, { receivedAt: RECEIVED_AT, source: SOURCE }) as ClickstreamEvent;
}
