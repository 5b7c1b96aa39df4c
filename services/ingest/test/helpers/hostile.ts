// The hostile inputs of issue 19, as a producer would send them.
import type { Order } from '@marquee/domain';

/** A valid order dated now; `ptx` makes it unique and names it in the event store. */
export function orderNow(ptx: string, overrides: Partial<Order> = {}): Order {
  return {
    Region: 'West',
    OrderDate: new Date().toISOString(),
    Email: 'ana@example.com',
    Total: 9.98,
    PaymentTransactionId: ptx,
    Details: [{ Email: 'ana@example.com', ProductId: 397518, Quantity: 2, UnitPrice: 4.99 }],
    ...overrides,
  };
}

/** UTF-8 JSON text of an order with one extra field nested `depth` levels (built as text: too deep to stringify). */
export function deeplyNested(order: Order, depth: number): Buffer {
  const deep = `${'{"next":'.repeat(depth)}"bottom"${'}'.repeat(depth)}`;
  return Buffer.from(JSON.stringify(order).replace(/}$/, `,"Extra":${deep}}`), 'utf8');
}

/** Each finding and the reason group its dead letter must carry. */
export function hostileOrders(): { name: string; body: Buffer; reasonGroup: string }[] {
  const bytes = (value: unknown): Buffer => Buffer.from(JSON.stringify(value), 'utf8');
  const line = (overrides: object) => [
    { Email: 'a@b.c', ProductId: 397518, Quantity: 1, UnitPrice: 4.99, ...overrides },
  ];
  return [
    {
      name: '200 KB order with 100,000 bad lines',
      body: bytes(orderNow('bad-lines', { Details: new Array(100_000).fill(0) as never })),
      reasonGroup: 'event holds more than 10000 values',
    },
    {
      name: 'one field nested 10,000 levels',
      body: deeplyNested(orderNow('deep'), 10_000),
      reasonGroup: 'event nests deeper than 32 levels',
    },
    {
      name: 'Total 1e308',
      body: bytes(orderNow('huge-total', { Total: 1e308 })),
      reasonGroup: 'Total must be <= 100000',
    },
    {
      name: 'UnitPrice 1e308',
      body: bytes(orderNow('huge-price', { Details: line({ UnitPrice: 1e308 }) })),
      reasonGroup: 'Details[].UnitPrice must be <= 1000',
    },
    {
      name: 'Quantity 9007199254740991',
      body: bytes(orderNow('huge-quantity', { Details: line({ Quantity: Number.MAX_SAFE_INTEGER }) })),
      reasonGroup: 'Details[].Quantity must be <= 100',
    },
    {
      name: 'year 3000',
      body: bytes(orderNow('year-3000', { OrderDate: '3000-01-01T00:00:00Z' })),
      reasonGroup: 'OrderDate must not be more than a day after the order is received',
    },
    {
      name: '9999-12-31T23:59:59-23:59',
      body: bytes(orderNow('year-9999', { OrderDate: '9999-12-31T23:59:59-23:59' })),
      reasonGroup: 'OrderDate must not be more than a day after the order is received',
    },
    {
      name: 'year 1999',
      body: bytes(orderNow('year-1999', { OrderDate: '1999-12-31T23:59:59Z' })),
      reasonGroup: 'OrderDate must not be before 2000-01-01T00:00:00Z',
    },
  ];
}
