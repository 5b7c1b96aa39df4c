import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import { canonicalJson, isOrderPlaced, orderEventId, toStoredEvent, validateOrder } from '../src/index.ts';
import type { Order } from '../src/index.ts';
import { contosoOrder, RECEIVED_AT, SOURCE } from './fixtures.ts';

const withoutPtx = (overrides: Partial<Order> = {}): Order =>
  contosoOrder({ PaymentTransactionId: undefined, ...overrides });

describe('toStoredEvent', () => {
  test('wraps the order in the OrderPlaced envelope, OrderDate normalised to UTC', () => {
    const order = contosoOrder({ OrderDate: '2026-03-08T09:30:00.5-05:00' });
    assert.deepEqual(toStoredEvent(order, { receivedAt: RECEIVED_AT, source: SOURCE }), {
      id: 'ptx-0001',
      type: 'OrderPlaced',
      schemaVersion: 1,
      occurredAt: '2026-03-08T14:30:00.500Z',
      receivedAt: '2026-03-08T15:00:00.000Z',
      source: { partitionId: '3', sequenceNumber: 42, offset: '8192' },
      data: order,
    });
  });

  test('an OrderDate already in the normal form is kept; any other form of an instant is normalised', () => {
    const occurredAt = (OrderDate: string): string =>
      toStoredEvent(contosoOrder({ OrderDate }), { receivedAt: RECEIVED_AT, source: SOURCE }).occurredAt;
    assert.equal(occurredAt('2026-03-08T14:30:00.500Z'), '2026-03-08T14:30:00.500Z');
    assert.equal(occurredAt('0099-12-31T23:59:59.999Z'), '0099-12-31T23:59:59.999Z');
    assert.equal(occurredAt('2026-03-08t14:30:00.500z'), '2026-03-08T14:30:00.500Z');
    assert.equal(occurredAt('2026-03-08T14:30:00.5000Z'), '2026-03-08T14:30:00.500Z');
    assert.equal(occurredAt('2026-03-08T14:30:00Z'), '2026-03-08T14:30:00.000Z');
    assert.equal(occurredAt('2026-03-08T16:30:00.500+02:00'), '2026-03-08T14:30:00.500Z');
  });

  test('refuses an order whose OrderDate is not an instant', () => {
    const order = contosoOrder({ OrderDate: '2026-03-08' });
    assert.throws(() => toStoredEvent(order, { receivedAt: RECEIVED_AT, source: SOURCE }), RangeError);
  });

  test('isOrderPlaced recognises stored events and nothing else', () => {
    const event = toStoredEvent(contosoOrder(), { receivedAt: RECEIVED_AT, source: SOURCE });
    assert.equal(isOrderPlaced(JSON.parse(JSON.stringify(event))), true);
    assert.equal(isOrderPlaced({ ...event, type: 'OrderShipped' }), false);
    assert.equal(isOrderPlaced({ ...event, schemaVersion: 2 }), false);
    assert.equal(isOrderPlaced(contosoOrder()), false);
    assert.equal(isOrderPlaced(null), false);
  });
});

describe('event id', () => {
  test('is the trimmed PaymentTransactionId when there is one', () => {
    assert.equal(orderEventId(contosoOrder({ PaymentTransactionId: '  ch_3PzX9  ' })), 'ch_3PzX9');
  });

  test('the same purchase sent twice gets the same id even if a volatile field changed', () => {
    const first = contosoOrder({ SMSStatus: 'Pending' });
    const again = contosoOrder({ SMSStatus: 'Sent', HasBeenShipped: true });
    assert.equal(orderEventId(first), orderEventId(again));
  });

  test('without a PaymentTransactionId it is sha256 of the canonical JSON', () => {
    for (const PaymentTransactionId of [undefined, null, '', '   ']) {
      const order = withoutPtx({ PaymentTransactionId });
      const expected = createHash('sha256').update(canonicalJson(order)).digest('hex');
      assert.equal(orderEventId(order), `sha256:${expected}`);
    }
    assert.match(orderEventId(withoutPtx()), /^sha256:[0-9a-f]{64}$/);
  });

  test('the same order sent twice, keys in another order and other whitespace, gets the same id', () => {
    const order = withoutPtx();
    const reordered = Object.fromEntries(Object.entries(order).reverse());
    const text = JSON.stringify(reordered, null, 2);
    const parsed = validateOrder(new TextEncoder().encode(text), { now: RECEIVED_AT });
    assert.ok(parsed.ok);
    assert.equal(orderEventId(parsed.order), orderEventId(order));
  });

  test('different orders get different ids', () => {
    assert.notEqual(orderEventId(withoutPtx({ Total: 14.98 })), orderEventId(withoutPtx()));
  });

  test('a transaction id Cosmos cannot take as a document id is hashed, still one id per transaction', () => {
    const id = orderEventId(contosoOrder({ PaymentTransactionId: 'pay/2026#1' }));
    assert.match(id, /^ptx:[0-9a-f]{64}$/);
    assert.equal(orderEventId(contosoOrder({ PaymentTransactionId: 'pay/2026#1', Total: 1 })), id);
    assert.match(orderEventId(contosoOrder({ PaymentTransactionId: 'x'.repeat(256) })), /^ptx:/);
  });
});

describe('canonicalJson', () => {
  test('sorts keys at every depth, keeps array order, no whitespace', () => {
    const value = { b: 1, a: [{ z: true, y: null }, 'x'], c: { e: 'é', d: 2.5 } };
    assert.equal(canonicalJson(value), '{"a":[{"y":null,"z":true},"x"],"b":1,"c":{"d":2.5,"e":"é"}}');
  });

  test('sorts integer-like keys as strings too, and drops undefined like JSON does', () => {
    assert.equal(
      canonicalJson({ 10: 'a', 2: 'b', x: undefined, arr: [undefined] }),
      '{"10":"a","2":"b","arr":[null]}',
    );
  });
});
