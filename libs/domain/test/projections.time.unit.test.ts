// Specifications for orders per hour (UTC) and per day (in a time zone), both by event time.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { dayDocId, dayKeyOf, dayKeysBetween, hourDocId, hourKeyOf, hourKeysBetween } from '../src/index.ts';
import { isValidTimeZone } from '../src/index.ts';
import { given, ordersPerDayProjected, ordersPerHourProjected } from './given.ts';
import { line, placed } from './fixtures.ts';

describe('orders per hour', () => {
  test('orders, revenue (Σ Total in cents) and units per UTC hour of OrderDate', () =>
    given(
      placed({ at: '2026-03-08T14:05:00Z', lines: [line(1, 3, 4.99)] }),
      placed({ at: '2026-03-08T14:59:59.999Z', lines: [line(2, 1, 9.99)] }),
      placed({ at: '2026-03-08T15:00:00Z', lines: [line(3, 2, 5)] }),
    )
      .when(ordersPerHourProjected)
      .then({
        '2026-03-08T14': { orders: 2, revenue: 1497 + 999, units: 4 },
        '2026-03-08T15': { orders: 1, revenue: 1000, units: 2 },
      }));

  test('OrderDate with an offset is bucketed by its UTC hour', () =>
    given(placed({ at: '2026-03-08T09:30:00-05:00' }))
      .when(ordersPerHourProjected)
      .then({ '2026-03-08T14': { orders: 1, revenue: 499, units: 1 } }));

  test('a late event lands in its own past bucket, not the hour it arrived', () =>
    given(
      placed({ at: '2026-03-08T14:10:00Z' }),
      placed({ at: '2026-03-06T02:15:00Z' }), // arrives after, happened two days before
    )
      .when(ordersPerHourProjected)
      .then({
        '2026-03-08T14': { orders: 1, revenue: 499, units: 1 },
        '2026-03-06T02': { orders: 1, revenue: 499, units: 1 },
      }));

  test('Total is counted in cents without float drift: 0.1 + 0.2 is 30', () =>
    given(placed({ total: 0.1 + 0.2 }), placed({ total: 0.1 }), placed({ total: 14.99 + 4.99 }))
      .when(ordersPerHourProjected)
      .then({ '2026-03-08T14': { orders: 3, revenue: 30 + 10 + 1998, units: 3 } }));
});

describe('orders per day', () => {
  test('UTC calendar days by default', () =>
    given(placed({ at: '2026-03-08T23:59:59Z' }), placed({ at: '2026-03-09T00:00:00Z' }))
      .when(ordersPerDayProjected())
      .then({
        '2026-03-08': { orders: 1, revenue: 499, units: 1 },
        '2026-03-09': { orders: 1, revenue: 499, units: 1 },
      }));

  test('23:30 UTC is already the next day in Asia/Tokyo', () =>
    given(placed({ at: '2026-03-08T23:30:00Z' }))
      .when(ordersPerDayProjected('Asia/Tokyo'))
      .then({ '2026-03-09': { orders: 1, revenue: 499, units: 1 } }));

  test('America/New_York across the 2026-03-08 DST change: midnight moves from 05:00Z to 04:00Z', () =>
    given(
      placed({ at: '2026-03-08T04:30:00Z' }), // 23:30 EST on the 7th
      placed({ at: '2026-03-08T05:30:00Z' }), // 00:30 EST on the 8th
      placed({ at: '2026-03-09T03:30:00Z' }), // 23:30 EDT on the 8th
      placed({ at: '2026-03-09T04:30:00Z' }), // 00:30 EDT on the 9th (a fixed -05:00 would say the 8th)
    )
      .when(ordersPerDayProjected('America/New_York'))
      .then({
        '2026-03-07': { orders: 1, revenue: 499, units: 1 },
        '2026-03-08': { orders: 2, revenue: 998, units: 2 },
        '2026-03-09': { orders: 1, revenue: 499, units: 1 },
      }));

  test('a late event lands in its own past day', () =>
    given(placed({ at: '2026-03-08T12:00:00Z' }), placed({ at: '2026-02-28T12:00:00Z' }))
      .when(ordersPerDayProjected())
      .then({
        '2026-03-08': { orders: 1, revenue: 499, units: 1 },
        '2026-02-28': { orders: 1, revenue: 499, units: 1 },
      }));
});

describe('bucket keys and document ids', () => {
  test('hour and day keys, and the docs they name', () => {
    assert.equal(hourKeyOf('2026-03-08T14:59:59.999Z'), '2026-03-08T14');
    assert.equal(hourDocId('2026-03-08T14'), 'orders-hours-2026-03-08');
    assert.equal(dayKeyOf(new Date('2026-03-08T23:30:00Z'), 'Asia/Tokyo'), '2026-03-09');
    assert.equal(dayDocId('2026-03-09'), 'orders-day-2026-03-09');
    assert.throws(() => hourKeyOf('yesterday'), RangeError);
  });

  test('canonical UTC strings (as ingest stores them) give the keys a Date gives; near-misses the same key or error', () => {
    const viaDate = (s: string): [string, string] | 'RangeError' => {
      const d = new Date(s);
      return Number.isNaN(d.getTime())
        ? 'RangeError'
        : [d.toISOString().slice(0, 13), d.toISOString().slice(0, 10)];
    };
    const keys = (s: string): [string, string] | 'RangeError' => {
      try {
        return [hourKeyOf(s), dayKeyOf(s)];
      } catch (err) {
        assert.ok(err instanceof RangeError);
        return 'RangeError';
      }
    };
    const instants = [
      '2026-03-08T14:59:59.999Z',
      '2024-02-29T23:00:00.000Z', // a leap day
      '2026-02-29T10:00:00.000Z', // no such day: rolls over in Date, so not a prefix
      '2026-01-01T24:00:00.000Z', // hour 24 is the next day's midnight for Date
      '2026-01-01T23:60:00.000Z',
      '2026-01-01T23:59:60.000Z',
      '2026-13-01T00:00:00.000Z',
      '2026-03-08T14:00:00.000+02:00',
      '2026-03-08T14:00:00Z',
      '+002026-03-08T14:00:00.000Z',
    ];
    for (const instant of instants) {
      // Twice: the second call finds the hour remembered.
      assert.deepEqual(keys(instant), viaDate(instant), instant);
      assert.deepEqual(keys(instant), viaDate(instant), instant);
    }
  });

  test('key ranges for reading the last hours or days', () => {
    assert.deepEqual(hourKeysBetween('2026-03-08T22:10:00Z', '2026-03-09T01:00:00Z'), [
      '2026-03-08T22',
      '2026-03-08T23',
      '2026-03-09T00',
      '2026-03-09T01',
    ]);
    assert.deepEqual(dayKeysBetween('2024-02-28', '2024-03-01'), ['2024-02-28', '2024-02-29', '2024-03-01']);
    assert.deepEqual(dayKeysBetween('2026-03-02', '2026-03-01'), []);
  });

  test('day keys are the calendar date in the zone at every minute, also across DST changes and half-hour zones', () => {
    // dayKeyOf remembers the day per UTC hour; this checks it against a formatter asked each time.
    const zones = [
      'UTC',
      'America/New_York',
      'Asia/Kolkata',
      'Asia/Kathmandu',
      'Australia/Lord_Howe',
      'Pacific/Apia',
    ];
    const spans = ['2026-03-07T00:00:00Z', '2026-10-31T00:00:00Z', '2011-12-28T00:00:00Z'];
    for (const timeZone of zones) {
      const format = new Intl.DateTimeFormat('en-CA', {
        timeZone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
      });
      for (const start of spans) {
        for (let minute = 0; minute < 4 * 24 * 60; minute += 19) {
          const instant = new Date(Date.parse(start) + minute * 60_000);
          assert.equal(
            dayKeyOf(instant, timeZone),
            format.format(instant),
            `${timeZone} ${instant.toISOString()}`,
          );
        }
      }
    }
  });

  test('time zones are checked by name', () => {
    assert.equal(isValidTimeZone('America/New_York'), true);
    assert.equal(isValidTimeZone('Mars/Olympus_Mons'), false);
    assert.throws(() => dayKeyOf('2026-03-08T00:00:00Z', 'Mars/Olympus_Mons'), RangeError);
  });
});
