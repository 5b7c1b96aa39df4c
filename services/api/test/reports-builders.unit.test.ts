import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  buildDaily,
  buildHourly,
  dayWindow,
  dollars,
  hourWindow,
} from '../src/read-models/report-builders.ts';
import { OrderRate } from '../src/live/order-rate.ts';

test('dollars: integer cents to the 2-decimal number', () => {
  assert.equal(dollars(1999), 19.99);
  assert.equal(dollars(10), 0.1);
  assert.equal(dollars(0), 0);
  assert.equal(JSON.stringify(dollars(123456789)), '1234567.89');
});

test('hourWindow: n UTC hours ending with the hour of now', () => {
  assert.deepEqual(hourWindow(new Date('2026-11-22T00:59:59Z'), 3), [
    '2026-11-21T22',
    '2026-11-21T23',
    '2026-11-22T00',
  ]);
  assert.equal(hourWindow(new Date('2026-11-22T10:00:00Z'), 168).length, 168);
});

test('dayWindow: calendar days in the zone, across a daylight-saving change', () => {
  // New York left DST on 2026-11-01: the window is still one entry per calendar day.
  assert.deepEqual(dayWindow(new Date('2026-11-02T03:00:00Z'), 3, 'America/New_York'), [
    '2026-10-30',
    '2026-10-31',
    '2026-11-01',
  ]);
  assert.deepEqual(dayWindow(new Date('2026-03-01T12:00:00Z'), 2, 'UTC'), ['2026-02-28', '2026-03-01']);
});

test('buildHourly takes each hour out of its day doc, zero-fills, and ignores a doc of another day', () => {
  const report = buildHourly(
    ['2026-11-21T10', '2026-11-22T09', '2026-11-22T10'],
    [
      { day: '2026-11-22', hours: { 10: { orders: 9, revenue: 9, units: 9 } } },
      { day: '2026-11-22', hours: { 10: { orders: 1, revenue: 250, units: 2 } } },
      { day: '2026-11-22', hours: { 10: { orders: 1, revenue: 250, units: 2 } } },
    ],
  );
  assert.deepEqual(report.series[0], { hour: '2026-11-21T10', orders: 0, revenue: 0, units: 0 });
  assert.deepEqual(report.series[1], { hour: '2026-11-22T09', orders: 0, revenue: 0, units: 0 });
  assert.deepEqual(report.current, { hour: '2026-11-22T10', orders: 1, revenue: 2.5, units: 2 });
});

test('buildDaily names the zone and today', () => {
  const report = buildDaily(['2026-11-22'], [undefined], 'Europe/Paris');
  assert.deepEqual(report, {
    asOf: { lastEventAt: null, writtenAt: null },
    timeZone: 'Europe/Paris',
    today: { date: '2026-11-22', orders: 0, revenue: 0, units: 0 },
    series: [{ date: '2026-11-22', orders: 0, revenue: 0, units: 0 }],
  });
});

test('OrderRate: growth per hour bucket over the window; the first observation is the baseline', () => {
  const rate = new OrderRate(10_000);
  assert.equal(rate.observe(0, [{ hour: 'h1', orders: 500 }]), 0);
  assert.equal(rate.observe(1_000, [{ hour: 'h1', orders: 520 }]), 20);
  // A new hour starts from zero; the hour that left the window is not a drop.
  assert.equal(rate.observe(2_000, [{ hour: 'h2', orders: 20 }]), 20);
  // Beyond the window, the baseline moves on.
  assert.equal(rate.observe(20_000, [{ hour: 'h2', orders: 20 }]), 0);
  assert.equal(rate.observe(22_000, [{ hour: 'h2', orders: 60 }]), 20);
});
