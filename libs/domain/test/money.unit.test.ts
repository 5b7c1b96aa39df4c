import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  formatCents,
  lineCents,
  orderLinesCents,
  orderTotalCents,
  orderUnits,
  toCents,
} from '../src/index.ts';
import { line } from './fixtures.ts';

test('toCents turns catalogue prices into exact cents', () => {
  assert.equal(toCents(4.99), 499);
  assert.equal(toCents(14.99), 1499);
  assert.equal(toCents(0), 0);
  assert.equal(toCents(100), 10000);
});

test('toCents sees through float noise: 0.1 + 0.2 is 30 cents, 3 × 4.99 summed as floats is 1497', () => {
  assert.equal(toCents(0.1 + 0.2), 30);
  assert.equal(toCents(4.99 + 4.99 + 4.99), 1497);
  assert.equal(toCents(1.1 * 3), 330);
});

test('toCents rounds half away from zero on the decimal the sender meant', () => {
  assert.equal(toCents(1.005), 101); // 1.005 * 100 is 100.49999999999999 in binary
  assert.equal(toCents(2.675), 268);
  assert.equal(toCents(0.125), 13);
  assert.equal(toCents(-0.125), -13);
  assert.equal(toCents(-1.005), -101);
  assert.equal(toCents(1.0049), 100);
  assert.equal(toCents(0.0049), 0);
  assert.equal(toCents(1e-9), 0);
});

test('toCents refuses amounts it cannot count exactly', () => {
  assert.throws(() => toCents(Number.NaN), RangeError);
  assert.throws(() => toCents(Number.POSITIVE_INFINITY), RangeError);
  assert.throws(() => toCents(1e14), RangeError);
  assert.equal(toCents(90_000_000_000_000 / 1000), 9_000_000_000_000);
});

test('formatCents prints two decimals', () => {
  assert.equal(formatCents(1497), '14.97');
  assert.equal(formatCents(5), '0.05');
  assert.equal(formatCents(-5), '-0.05');
  assert.equal(formatCents(100000), '1000.00');
  assert.throws(() => formatCents(1.5), RangeError);
});

test('line and order helpers work in cents, unit price rounded first', () => {
  assert.equal(lineCents(line(1, 3, 4.99)), 1497);
  const order = { Total: 0.1 + 0.2, Details: [line(1, 3, 4.99), line(2, 1, 14.99), line(3, 2, 0.1)] };
  assert.equal(orderLinesCents(order), 1497 + 1499 + 20);
  assert.equal(orderTotalCents(order), 30);
  assert.equal(orderUnits(order), 6);
});

test('toCents agrees with rounding the 15-digit decimal, for whole cents, near-halves and noisy sums alike', () => {
  // The reference: the definition in money.ts without its fast path.
  const reference = (dollars: number): number => {
    const magnitude = Math.abs(dollars);
    if (magnitude < 0.001) return 0;
    const [whole = '0', fraction = ''] = magnitude.toPrecision(15).split('.');
    const digits = fraction.padEnd(3, '0');
    const truncated = Number(whole) * 100 + Number(digits.slice(0, 2));
    const cents = Number(digits[2]) >= 5 ? truncated + 1 : truncated;
    return dollars < 0 ? -cents : cents;
  };
  let seed = 42;
  const random = (): number => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  for (let i = 0; i < 2_000; i++) {
    const cents = Math.floor(random() * 10 ** Math.floor(random() * 12));
    const amounts = [
      cents / 100,
      -cents / 100,
      (cents + 0.5) / 100,
      (cents + 0.49999) / 100,
      (cents + 0.50001) / 100,
      cents / 100 + 1e-7,
      cents / 100 - 1e-7,
      (cents / 100) * 3,
      random() * 10 ** Math.floor(random() * 12),
    ];
    for (const amount of amounts) assert.equal(toCents(amount), reference(amount), `toCents(${amount})`);
  }
});
