import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeUtf8, generateCatalog, mulberry32, validateOrder } from '@marquee/domain';
import type { Order } from '@marquee/domain';
import { createOrderGenerator, INVALID_KINDS, INVALID_VARIANTS } from '../src/generate/index.ts';

const now = new Date('2026-01-31T23:59:59.999Z');
const orders: Order[] = (() => {
  const generator = createOrderGenerator({
    seed: 7,
    catalog: generateCatalog(),
    now: () => now,
  });
  return Array.from({ length: 200 }, () => generator.next().order as Order);
})();

test('the variants cover the malformations ingest must reject', () => {
  for (const kind of [
    'not-json',
    'missing-order-date',
    'bad-date',
    'empty-details',
    'zero-quantity',
    'fractional-quantity',
    'negative-unit-price',
    'missing-total',
    'total-not-number',
    'invalid-utf8',
  ]) {
    assert.ok((INVALID_KINDS as string[]).includes(kind), kind);
  }
});

for (const kind of INVALID_KINDS) {
  test(`${kind}: validateOrder rejects every one, and the source order passes`, () => {
    const rng = mulberry32(99);
    for (const order of orders) {
      assert.equal(validateOrder(order, { now }).ok, true);
      const body = INVALID_VARIANTS[kind](order, rng);
      const result = validateOrder(body, { now });
      assert.equal(result.ok, false, `${kind} accepted: ${body.toString()}`);
    }
  });
}

test('each variant breaks what its name says', () => {
  const order = orders[0] as Order;
  const rng = mulberry32(1);
  const reasons = (kind: (typeof INVALID_KINDS)[number]): string => {
    const result = validateOrder(INVALID_VARIANTS[kind](order, rng), { now });
    return result.ok ? '' : result.reasons.join('; ');
  };
  assert.match(reasons('not-json'), /not valid JSON/);
  assert.match(reasons('invalid-utf8'), /not valid UTF-8/);
  assert.match(reasons('not-an-object'), /JSON object/);
  assert.match(reasons('missing-order-date'), /OrderDate is required/);
  assert.match(reasons('bad-date'), /OrderDate/);
  assert.match(reasons('date-not-string'), /OrderDate must be a string/);
  assert.match(reasons('empty-details'), /Details must not be empty/);
  assert.match(reasons('zero-quantity'), /Quantity must be an integer >= 1/);
  assert.match(reasons('fractional-quantity'), /Quantity must be an integer >= 1/);
  assert.match(reasons('negative-unit-price'), /UnitPrice must be >= 0/);
  assert.match(reasons('missing-total'), /Total is required/);
  assert.match(reasons('total-not-number'), /Total must be a number/);
  assert.match(reasons('flag-not-boolean'), /HasBeenShipped must be a boolean/);
  // The UTF-8 variant is otherwise the order's JSON: only the inserted bytes are wrong.
  const broken = INVALID_VARIANTS['invalid-utf8'](order, rng);
  assert.equal(decodeUtf8(broken), undefined);
  assert.ok(broken.length > JSON.stringify(order).length);
});
