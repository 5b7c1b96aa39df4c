import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  FIRST_MOVIE_ID,
  generateCatalog,
  LAST_MOVIE_ID,
  lineCents,
  toCents,
  validateOrder,
} from '@marquee/domain';
import type { Order } from '@marquee/domain';
import { buildCustomers, createOrderGenerator, popularityRanking } from '../src/generate/index.ts';
import type { GeneratedEvent, OrderGeneratorOptions } from '../src/generate/index.ts';

const catalog = generateCatalog();
const fixedNow = (): Date => new Date('2026-03-08T12:00:00.000Z');

function generate(n: number, options: Partial<OrderGeneratorOptions> = {}): GeneratedEvent[] {
  const generator = createOrderGenerator({ seed: 42, catalog, now: fixedNow, ...options });
  return Array.from({ length: n }, () => generator.next());
}

const orderOf = (event: GeneratedEvent): Order => {
  assert.ok(event.order, `event ${event.seq} (${event.kind}) carries no order`);
  return event.order;
};

test('the same seed and clock give the same events byte for byte', () => {
  const options = {
    invalidRatio: 0.2,
    duplicateRatio: 0.1,
    partitionKey: 'random' as const,
    backfillMs: 3 * 86_400_000,
  };
  const a = generate(2_000, options);
  const b = generate(2_000, options);
  assert.deepEqual(
    a.map((e) => [e.kind, e.partitionKey, e.body.toString('base64')]),
    b.map((e) => [e.kind, e.partitionKey, e.body.toString('base64')]),
  );
});

test('a different seed gives different orders', () => {
  const a = generate(200, { seed: 1 }).map((e) => e.body.toString());
  const b = generate(200, { seed: 2 }).map((e) => e.body.toString());
  const shared = a.filter((body) => b.includes(body));
  assert.equal(shared.length, 0);
});

test('the orders of a seed do not depend on the ratios or the partition-key strategy', () => {
  const plain = new Map(generate(600).map((e) => [orderOf(e).PaymentTransactionId, e.body.toString()]));
  const mixed = generate(600, { invalidRatio: 0.2, duplicateRatio: 0.2, partitionKey: 'customer' });
  const valid = mixed.filter((e) => e.kind === 'valid');
  assert.ok(valid.length > 300);
  // The n-th new order is the same either way; invalid events break a new order, duplicates take none.
  for (const event of valid)
    assert.equal(event.body.toString(), plain.get(orderOf(event).PaymentTransactionId));
});

test('Total equals the sum of Quantity × UnitPrice to the cent, for every order', () => {
  for (const event of generate(5_000)) {
    const order = orderOf(event);
    const sum = order.Details.reduce((cents, line) => cents + lineCents(line), 0);
    assert.equal(toCents(order.Total), sum, `order ${event.seq}`);
    assert.equal(order.Total, sum / 100, 'Total is the 2-decimal number itself');
    assert.match(JSON.stringify(order.Total), /^\d+(\.\d{1,2})?$/);
  }
});

test('orders have 1–6 lines of distinct catalog movies, quantities 1–4, catalog prices, the order e-mail', () => {
  const prices = new Map(catalog.movies.map((m) => [m.movieId, m.unitPrice]));
  const lineCounts = new Set<number>();
  const quantities = new Set<number>();
  for (const event of generate(5_000)) {
    const order = orderOf(event);
    lineCounts.add(order.Details.length);
    assert.ok(order.Details.length >= 1 && order.Details.length <= 6);
    assert.equal(new Set(order.Details.map((l) => l.ProductId)).size, order.Details.length);
    for (const line of order.Details) {
      assert.ok(line.ProductId >= FIRST_MOVIE_ID && line.ProductId <= LAST_MOVIE_ID);
      assert.equal(line.UnitPrice, prices.get(line.ProductId));
      assert.ok(Number.isInteger(line.Quantity) && line.Quantity >= 1 && line.Quantity <= 4);
      quantities.add(line.Quantity);
      assert.equal(line.Email, order.Email);
    }
    assert.equal(order.HasBeenShipped, false);
    assert.ok(order.ReceiptUrl?.endsWith(String(order.PaymentTransactionId)));
  }
  assert.deepEqual([...lineCounts].sort(), [1, 2, 3, 4, 5, 6]);
  assert.deepEqual([...quantities].sort(), [1, 2, 3, 4]);
});

test('orders come from a few dozen fixed customers with complete Contoso fields', () => {
  const customers = buildCustomers();
  assert.deepEqual(customers, buildCustomers(), 'the same customers every time');
  assert.ok(customers.length >= 24 && customers.length <= 60);
  assert.equal(new Set(customers.map((c) => c.Email)).size, customers.length, 'e-mails identify customers');
  const emails = new Set(customers.map((c) => c.Email));
  const seen = new Set<string>();
  for (const event of generate(2_000)) {
    const order = orderOf(event);
    assert.ok(emails.has(String(order.Email)));
    seen.add(String(order.Email));
    for (const field of [
      'FirstName',
      'LastName',
      'Address',
      'City',
      'State',
      'PostalCode',
      'Country',
      'Phone',
      'Region',
      'SMSStatus',
    ]) {
      assert.equal(typeof order[field], 'string', field);
    }
    assert.equal(typeof order.SMSOptIn, 'boolean');
  }
  assert.ok(seen.size > customers.length * 0.9, 'nearly every customer orders within 2,000 orders');
});

test('PaymentTransactionId is unique across new orders', () => {
  const ids = generate(10_000).map((e) => orderOf(e).PaymentTransactionId);
  assert.equal(new Set(ids).size, ids.length);
});

test('popularity is Zipf-skewed: the top 10 movies sell far more than a uniform 2%', () => {
  const top10 = new Set(
    popularityRanking(catalog.movies)
      .slice(0, 10)
      .map((m) => m.movieId),
  );
  let lines = 0;
  let topLines = 0;
  for (const event of generate(5_000)) {
    for (const line of orderOf(event).Details) {
      lines++;
      if (top10.has(line.ProductId)) topLines++;
    }
  }
  const share = topLines / lines;
  // Uniform over 500 movies would give 10/500 = 2%; Zipf(1.1) gives the top 10 about half.
  assert.ok(share > 0.35, `top-10 share ${share}`);
});

test('every valid event passes validateOrder, every invalid one is rejected', () => {
  const events = generate(4_000, { invalidRatio: 0.5, duplicateRatio: 0.1 });
  for (const event of events) {
    const result = validateOrder(event.body, { now: fixedNow() });
    if (event.kind.startsWith('invalid:')) assert.equal(result.ok, false, `${event.kind} passed validation`);
    else assert.equal(result.ok, true, `${event.kind} ${event.seq}: ${JSON.stringify(result)}`);
  }
  const kinds = new Set(events.map((e) => e.kind).filter((k) => k.startsWith('invalid:')));
  assert.ok(kinds.size >= 15, `only ${kinds.size} invalid variants seen: ${[...kinds].join(', ')}`);
});

test('the invalid and duplicate ratios are roughly honoured', () => {
  const n = 20_000;
  const events = generate(n, { invalidRatio: 0.1, duplicateRatio: 0.05 });
  const invalid = events.filter((e) => e.kind.startsWith('invalid:')).length / n;
  const duplicates = events.filter((e) => e.kind === 'duplicate').length / n;
  assert.ok(Math.abs(invalid - 0.1) < 0.01, `invalid share ${invalid}`);
  assert.ok(Math.abs(duplicates - 0.05) < 0.008, `duplicate share ${duplicates}`);
  assert.equal(generate(1_000).filter((e) => e.kind !== 'valid').length, 0, 'ratios default to 0');
});

test('a duplicate re-sends an earlier order verbatim, with its PaymentTransactionId', () => {
  const events = generate(3_000, { duplicateRatio: 0.2 });
  const earlier = new Map<string, Buffer>();
  let duplicates = 0;
  for (const event of events) {
    const id = String(orderOf(event).PaymentTransactionId);
    if (event.kind === 'duplicate') {
      duplicates++;
      const original = earlier.get(id);
      assert.ok(original, `duplicate ${event.seq} has no earlier order ${id}`);
      assert.ok(original.equals(event.body), 'same bytes');
    } else {
      assert.equal(earlier.has(id), false);
      earlier.set(id, event.body);
    }
  }
  assert.ok(duplicates > 400);
});

test('backfilled OrderDates spread over the window before now', () => {
  const window = 3 * 86_400_000;
  const now = fixedNow().getTime();
  const dates = generate(5_000, { backfillMs: window }).map((e) => Date.parse(orderOf(e).OrderDate));
  for (const date of dates) assert.ok(date > now - window && date <= now, new Date(date).toISOString());
  // Uniform: each of the three days gets about a third.
  for (let day = 0; day < 3; day++) {
    const inDay = dates.filter((d) => d <= now - day * 86_400_000 && d > now - (day + 1) * 86_400_000).length;
    assert.ok(Math.abs(inDay / dates.length - 1 / 3) < 0.03, `day ${day}: ${inDay}`);
  }
  const live = generate(10).map((e) => orderOf(e).OrderDate);
  assert.ok(
    live.every((d) => d === fixedNow().toISOString()),
    'without backfill the date is now',
  );
});

test('partition keys follow the strategy; duplicates and invalid events keep their customer', () => {
  const customers = new Map(buildCustomers().map((c) => [c.Email, c]));
  for (const event of generate(500, { partitionKey: 'customer', duplicateRatio: 0.2 })) {
    assert.equal(event.partitionKey, orderOf(event).Email);
  }
  for (const event of generate(500, { partitionKey: 'region' })) {
    assert.equal(event.partitionKey, customers.get(String(orderOf(event).Email))?.Region);
  }
  assert.ok(
    generate(200).every((e) => e.partitionKey === undefined),
    'none: no key',
  );
  const random = new Set(generate(2_000, { partitionKey: 'random' }).map((e) => e.partitionKey));
  assert.equal(random.size, 64);
  assert.ok(
    generate(300, { partitionKey: 'customer', invalidRatio: 1 }).every((e) =>
      customers.has(String(e.partitionKey)),
    ),
  );
});

test('options out of range are refused', () => {
  assert.throws(() => generate(1, { invalidRatio: 1.5 }), /invalidRatio/);
  assert.throws(() => generate(1, { invalidRatio: 0.6, duplicateRatio: 0.6 }), /exceed 1/);
  assert.throws(() => generate(1, { seed: -1 }), /seed/);
  assert.throws(() => generate(1, { seed: 2 ** 32 }), /seed/);
});
