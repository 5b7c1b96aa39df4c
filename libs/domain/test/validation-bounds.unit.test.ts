// Regression tests for the hostile inputs of issue 19: each one was accepted (and broke a view or blocked a
// partition) before validation had bounds.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ORDER_BOUNDS, orderEventId, toDeadLetter, validateOrder } from '../src/index.ts';
import { contosoOrder, line, RECEIVED_AT, SOURCE } from './fixtures.ts';

const now = RECEIVED_AT;
const reasonsFor = (raw: unknown): string[] => {
  const result = validateOrder(raw, { now });
  assert.equal(result.ok, false, 'expected the event to be rejected');
  return result.ok ? [] : result.reasons;
};
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('validateOrder: bounds that keep the views exact', () => {
  test('Total and UnitPrice of 1e308 are rejected (the projector could not count them in cents)', () => {
    const order = contosoOrder({ Total: 1e308, Details: [line(397518, 1, 1e308)] });
    assert.deepEqual(reasonsFor(order), ['Details[0].UnitPrice must be <= 1000', 'Total must be <= 100000']);
  });

  test('Quantity 9007199254740991 is rejected (it topped top-movies for good)', () => {
    const order = contosoOrder({ Details: [line(397518, Number.MAX_SAFE_INTEGER)] });
    assert.deepEqual(reasonsFor(order), ['Details[0].Quantity must be <= 100']);
  });

  test('each bound is inclusive: the largest order accepted is accepted', () => {
    const { maxLines, maxQuantity, maxUnitPrice, maxTotal } = ORDER_BOUNDS;
    const lines = Array.from({ length: maxLines }, (_, i) => line(397518 + i, maxQuantity, maxUnitPrice));
    assert.ok(validateOrder(contosoOrder({ Details: lines, Total: maxTotal }), { now }).ok);
    assert.deepEqual(reasonsFor(contosoOrder({ Details: [...lines, line(1)] })), [
      'Details must have at most 100 lines',
    ]);
  });

  test('far-future and far-past OrderDates are rejected; up to a day ahead of the clock is accepted', () => {
    const dayAhead = new Date(now.getTime() + ORDER_BOUNDS.maxFutureMs).toISOString();
    assert.ok(validateOrder(contosoOrder({ OrderDate: dayAhead }), { now }).ok);
    assert.ok(validateOrder(contosoOrder({ OrderDate: '2000-01-01T00:00:00Z' }), { now }).ok);
    const future = 'OrderDate must not be more than a day after the order is received';
    const past = 'OrderDate must not be before 2000-01-01T00:00:00Z';
    for (const [OrderDate, reason] of [
      ['3000-01-01T00:00:00Z', future],
      ['9999-12-31T23:59:59-23:59', future],
      [new Date(now.getTime() + ORDER_BOUNDS.maxFutureMs + 1).toISOString(), future],
      ['1999-12-31T23:59:59Z', past],
      ['0001-01-01T00:00:00Z', past],
    ] as const) {
      assert.deepEqual(reasonsFor(contosoOrder({ OrderDate })), [reason], OrderDate);
    }
  });

  test('over-long text fields are rejected', () => {
    const long = 'x'.repeat(ORDER_BOUNDS.maxFieldLength + 1);
    assert.deepEqual(reasonsFor(contosoOrder({ City: long, Details: [{ ...line(1), Email: long }] })), [
      'Details[0].Email must be at most 1000 characters',
      'City must be at most 1000 characters',
    ]);
  });
});

describe('validateOrder: the shape of the whole event', () => {
  test('a field nested 10,000 levels deep is rejected without a stack overflow', () => {
    // Built as text: JSON.stringify itself overflows on a value this deep.
    const deep = `${'{"next":'.repeat(10_000)}"bottom"${'}'.repeat(10_000)}`;
    const text = JSON.stringify(contosoOrder()).replace(/}$/, `,"Extra":${deep}}`);
    assert.deepEqual(reasonsFor(utf8(text)), ['event nests deeper than 32 levels']);
  });

  test('values JSON cannot carry, lone surrogates and huge extras are rejected', () => {
    assert.deepEqual(reasonsFor({ ...contosoOrder(), Extra: Number.NaN }), [
      'event holds a number JSON cannot carry',
    ]);
    assert.deepEqual(reasonsFor({ ...contosoOrder(), Extra: new Date(0) }), [
      'event holds an object JSON cannot carry',
    ]);
    assert.deepEqual(reasonsFor(utf8(JSON.stringify({ ...contosoOrder(), City: '\ud800' }))), [
      'event holds text that is not well-formed Unicode',
    ]);
    assert.deepEqual(reasonsFor({ ...contosoOrder(), Extra: new Array<number>(20_000).fill(1) }), [
      'event holds more than 10000 values',
    ]);
  });

  test('a 200 KB order with 100,000 bad lines gets two reasons and a small dead letter', () => {
    const text = JSON.stringify({ ...contosoOrder(), Details: new Array<number>(100_000).fill(0) });
    assert.ok(text.length > 200_000);
    const reasons = reasonsFor(utf8(text));
    assert.deepEqual(reasons, ['event holds more than 10000 values', 'Details must have at most 100 lines']);
    const letter = toDeadLetter(utf8(text), reasons, { receivedAt: now, source: SOURCE });
    assert.equal(letter.reasonGroup, 'event holds more than 10000 values');
  });

  test('prototype keys are plain data: kept, and nothing is polluted', () => {
    const text = '{"__proto__":{"polluted":1},"constructor":{"prototype":{"x":1}}}';
    const order = { ...contosoOrder(), ...(JSON.parse(text) as object) };
    const result = validateOrder(utf8(JSON.stringify(order).replace('{', `{"__proto__":{"polluted":1},`)), {
      now,
    });
    assert.ok(result.ok);
    assert.equal(Object.getPrototypeOf(result.order), Object.prototype);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });
});

describe('validateOrder: every producer encoding', () => {
  test('a JSON string body (JSON.stringify in JavaScript, encoded again by the SDK) is the order, same id', () => {
    const order = contosoOrder({ PaymentTransactionId: null });
    const doubleEncoded = utf8(JSON.stringify(JSON.stringify(order)));
    const result = validateOrder(doubleEncoded, { now });
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(orderEventId(result.order), orderEventId(order));
    const asString = validateOrder(JSON.stringify(order), { now });
    assert.ok(asString.ok);
    assert.equal(orderEventId(asString.order), orderEventId(order));
  });

  test('a JSON string that is not an object stays rejected', () => {
    for (const raw of ['"text"', '"[1,2]"', '"{not json"']) {
      assert.deepEqual(reasonsFor(utf8(raw)), ['event must be a JSON object'], raw);
    }
  });
});
