import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { validateOrder } from '../src/index.ts';
import { contosoOrder, line, RECEIVED_AT } from './fixtures.ts';

const now = RECEIVED_AT;

const reasonsFor = (raw: unknown): string[] => {
  const result = validateOrder(raw, { now });
  assert.equal(result.ok, false, 'expected the event to be rejected');
  return result.ok ? [] : result.reasons;
};

describe('validateOrder: accepted events', () => {
  test('a complete Contoso order is accepted as-is, extra fields kept', () => {
    const order = { ...contosoOrder(), Coupon: 'SPRING', Details: [{ ...line(397518), Gift: true }] };
    const result = validateOrder(order, { now });
    assert.ok(result.ok);
    assert.equal(result.order.Coupon, 'SPRING');
    assert.equal(result.order.Details[0]?.Gift, true);
  });

  test('JSON text, an ArrayBuffer and UTF-8 bytes (with a BOM) are parsed', () => {
    const text = JSON.stringify(contosoOrder());
    assert.ok(validateOrder(text, { now }).ok);
    assert.ok(validateOrder(new TextEncoder().encode(text).buffer, { now }).ok);
    assert.ok(validateOrder(new TextEncoder().encode(`\uFEFF${text}`), { now }).ok);
  });

  test('only the required fields are needed; descriptive fields may be null', () => {
    const minimal = {
      OrderDate: '2026-03-08T14:30:00+01:00',
      Total: 0,
      Details: [line(1, 1, 0)],
      Phone: null,
    };
    assert.ok(validateOrder(minimal, { now }).ok);
  });

  test('offsets, lowercase designators, minutes-only and fractional seconds are instants', () => {
    for (const OrderDate of [
      '2026-03-08T14:30:00.123456Z',
      '2026-03-08T14:30Z',
      '2026-03-08t14:30:00z',
      '2026-03-08T09:30:00-05:00',
      '2024-02-29T00:00:00Z',
    ]) {
      assert.ok(validateOrder(contosoOrder({ OrderDate }), { now }).ok, OrderDate);
    }
  });
});

describe('validateOrder: rejected events', () => {
  test('a body that is not JSON', () => {
    assert.deepEqual(reasonsFor('{"OrderDate":'), ['body is not valid JSON']);
    assert.deepEqual(reasonsFor(new Uint8Array([0x7b, 0xff, 0x7d])), ['body is not valid UTF-8']);
  });

  test('a JSON value that is not an object', () => {
    for (const raw of ['[]', '42', 'null', '"text"', [contosoOrder()], null]) {
      assert.deepEqual(reasonsFor(raw), ['event must be a JSON object'], JSON.stringify(raw));
    }
  });

  test('OrderDate missing, or not a string', () => {
    assert.deepEqual(reasonsFor(contosoOrder({ OrderDate: undefined })), ['OrderDate is required']);
    assert.deepEqual(reasonsFor({ ...contosoOrder(), OrderDate: 1741444200000 }), [
      'OrderDate must be a string',
    ]);
  });

  test('OrderDate without a time zone, or not ISO-8601', () => {
    for (const OrderDate of [
      '2026-03-08',
      '2026-03-08T14:30:00',
      '2026-03-08 14:30:00Z',
      '20260308T143000Z',
      '2026-03-08T14:30:00+0100',
      'Sun, 08 Mar 2026 14:30:00 GMT',
      '',
    ]) {
      assert.deepEqual(
        reasonsFor(contosoOrder({ OrderDate })),
        ['OrderDate must be an ISO-8601 instant with a time zone (Z or ±hh:mm)'],
        OrderDate,
      );
    }
  });

  test('OrderDate that names no real moment', () => {
    for (const OrderDate of [
      '2026-02-30T10:00:00Z',
      '2026-02-29T10:00:00Z',
      '2026-13-01T10:00:00Z',
      '2026-04-31T10:00:00Z',
      '2026-03-08T24:00:00Z',
      '2026-03-08T10:60:00Z',
      '2026-03-08T10:00:60Z',
      '2026-03-08T10:00:00+24:00',
    ]) {
      assert.deepEqual(
        reasonsFor(contosoOrder({ OrderDate })),
        ['OrderDate is not a real date and time'],
        OrderDate,
      );
    }
  });

  test('Details missing, not an array, or empty', () => {
    assert.deepEqual(reasonsFor(contosoOrder({ Details: undefined })), ['Details is required']);
    assert.deepEqual(reasonsFor({ ...contosoOrder(), Details: { 0: line(1) } }), [
      'Details must be an array',
    ]);
    assert.deepEqual(reasonsFor(contosoOrder({ Details: [] })), ['Details must not be empty']);
  });

  test('a line that is not an object', () => {
    assert.deepEqual(reasonsFor({ ...contosoOrder(), Details: [line(1), 'x'] }), [
      'Details[1] must be an object',
    ]);
  });

  test('a line missing each required field names the line and the field', () => {
    assert.deepEqual(reasonsFor(contosoOrder({ Details: [line(1), line(2), {} as never] })), [
      'Details[2].Email is required',
      'Details[2].ProductId is required',
      'Details[2].Quantity is required',
      'Details[2].UnitPrice is required',
    ]);
  });

  test('a line with wrong-typed fields', () => {
    const bad = { Email: 7, ProductId: '397518', Quantity: '2', UnitPrice: '4.99' };
    assert.deepEqual(reasonsFor({ ...contosoOrder(), Details: [bad] }), [
      'Details[0].Email must be a string',
      'Details[0].ProductId must be an integer',
      'Details[0].Quantity must be an integer >= 1',
      'Details[0].UnitPrice must be a number',
    ]);
  });

  test('ProductId and Quantity must be integers; Quantity at least 1; UnitPrice finite and not negative', () => {
    const lines = [
      { ...line(1.5), Quantity: 2.5 },
      { ...line(2), Quantity: 0 },
      { ...line(3), Quantity: -1, UnitPrice: -0.01 },
      { ...line(4), UnitPrice: Number.POSITIVE_INFINITY },
    ];
    assert.deepEqual(reasonsFor(contosoOrder({ Details: lines })), [
      'event holds a number JSON cannot carry',
      'Details[0].ProductId must be an integer',
      'Details[0].Quantity must be an integer >= 1',
      'Details[1].Quantity must be an integer >= 1',
      'Details[2].Quantity must be an integer >= 1',
      'Details[2].UnitPrice must be >= 0',
      'Details[3].UnitPrice must be a number',
    ]);
  });

  test('Total missing, not a number, or negative', () => {
    assert.deepEqual(reasonsFor(contosoOrder({ Total: undefined })), ['Total is required']);
    assert.deepEqual(reasonsFor({ ...contosoOrder(), Total: '14.97' }), ['Total must be a number']);
    assert.deepEqual(reasonsFor(contosoOrder({ Total: Number.NaN })), [
      'event holds a number JSON cannot carry',
      'Total must be a number',
    ]);
    assert.deepEqual(reasonsFor(contosoOrder({ Total: -1 })), ['Total must be >= 0']);
  });

  test('a descriptive field of the wrong type', () => {
    assert.deepEqual(reasonsFor({ ...contosoOrder(), PostalCode: 98052, SMSOptIn: 'yes' }), [
      'PostalCode must be a string',
      'SMSOptIn must be a boolean',
    ]);
  });

  test('every reason is returned together, in a stable order', () => {
    const raw = JSON.stringify({
      OrderDate: '2026-02-30T10:00:00Z',
      Details: [line(1), { Email: 'a@b.c', ProductId: 2, Quantity: 0, UnitPrice: -5 }],
      Total: -3,
      HasBeenShipped: 'no',
    });
    assert.deepEqual(reasonsFor(raw), [
      'OrderDate is not a real date and time',
      'Details[1].Quantity must be an integer >= 1',
      'Details[1].UnitPrice must be >= 0',
      'Total must be >= 0',
      'HasBeenShipped must be a boolean',
    ]);
  });
});
