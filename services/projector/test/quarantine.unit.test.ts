// Orders the views cannot count exactly are set aside with their reason; the batch, and every other order in
// it, goes on. Regression for "Total: 1e308 stops every view on its lease".
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { StoredViewDoc } from '@marquee/domain';
import { ViewProjection } from '../src/projection/index.ts';
import { quarantineRecordId, toQuarantineRecord } from '../src/store/index.ts';

import {
  context,
  feedEvent,
  lease,
  memoryViewStores,
  MemoryQuarantine,
  MemoryStore,
  ordersInHour,
  movieTotals,
  testMetrics,
} from './support/fixtures.ts';

const L1 = lease('', 'FF');
const HOUR = '2026-11-22T10:00:00.000Z';

function projection(view: 'top-movies' | 'orders-hour', store: MemoryStore<StoredViewDoc>) {
  const quarantine = new MemoryQuarantine();
  const p = new ViewProjection({
    view,
    generation: 1,
    stores: memoryViewStores(store),
    quarantine,
    catalog: { categoryOf: () => undefined, ensureKnown: async () => undefined },
    timeZone: 'UTC',
    metrics: testMetrics(),
    concurrency: 2,
  });
  return { p, quarantine };
}

const hourDoc = (store: MemoryStore<StoredViewDoc>) => ordersInHour(store, '2026-11-22T10');

describe('orders beyond what is counted exactly', () => {
  test('a 1e308 order is set aside with its reason; the 40 valid ones after it are counted to the cent', async () => {
    const store = new MemoryStore<StoredViewDoc>();
    const { p, quarantine } = projection('orders-hour', store);
    const bad = feedEvent(1, HOUR, [[397518, 1, 1e308]]);
    const good = Array.from({ length: 40 }, (_, i) => feedEvent(i + 2, HOUR, [[397518, 3, 4.99]]));
    const summary = await p.apply([bad, ...good], context(L1, [bad, ...good]));
    assert.equal(summary.applied, 40);
    assert.equal(summary.quarantined, 1);
    const hour = hourDoc(store);
    assert.deepEqual([hour.orders, hour.revenue, hour.units], [40, 40 * 1497, 120]);
    assert.equal(quarantine.items.length, 1);
    assert.equal(quarantine.items[0]?.event.id, 'order-1');
    assert.match(quarantine.items[0]?.reason ?? '', /1e\+308 is too large to count in cents/);
  });

  test('the quantities that overflow, a NaN price, a bucket-less date and a broken envelope are all set aside', async () => {
    const store = new MemoryStore<StoredViewDoc>();
    const { p, quarantine } = projection('top-movies', store);
    const events = [
      feedEvent(1, HOUR, [[397518, 9007199254740991, 4.99]]),
      feedEvent(2, HOUR, [[397518, 1, Number.NaN]]),
      feedEvent(3, '+010000-01-01T00:00:00.000Z', [[397518, 1, 1]]),
      { ...feedEvent(4, HOUR, [[397518, 1, 1]]), data: { Details: [null] } } as never,
      feedEvent(5, HOUR, [[397518, 2, 1.5]]),
    ];
    await p.apply(events, context(L1, events));
    assert.deepEqual(
      quarantine.items.map((q) => q.event.id),
      ['order-1', 'order-2', 'order-3', 'order-4'],
    );
    for (const q of quarantine.items) assert.ok(q.reason.length > 0);
    assert.deepEqual(movieTotals(store)['397518'], { unitsSold: 2, orders: 1, revenue: 300 });
  });

  test('orders exact alone but whose sum would overflow a doc: those that tip it are set aside for that view', async () => {
    const store = new MemoryStore<StoredViewDoc>();
    const { p, quarantine } = projection('top-movies', store);
    // 60 × $800 billion = 4.8e15 cents: exact alone, past Number.MAX_SAFE_INTEGER (≈9.007e15) twice.
    const events = [1, 2, 3].map((lsn) => {
      const e = feedEvent(lsn, HOUR, [[397518, 60, 800_000_000_000]]);
      return { ...e, data: { ...e.data, Total: 1 } };
    });
    await p.apply(events, context(L1, events));
    const movie = movieTotals(store)['397518'];
    assert.deepEqual(movie, { unitsSold: 60, orders: 1, revenue: 4_800_000_000_000_000 });
    assert.deepEqual(
      quarantine.items.map((q) => [q.event.id, q.view]),
      [
        ['order-2', 'top-movies'],
        ['order-3', 'top-movies'],
      ],
    );
  });

  test('a quarantine store outage fails the batch (retried, nothing checkpointed); the retry counts once', async () => {
    const store = new MemoryStore<StoredViewDoc>();
    const { p, quarantine } = projection('orders-hour', store);
    quarantine.failures = 1;
    const events = [feedEvent(1, HOUR, [[397518, 1, 1e308]]), feedEvent(2, HOUR, [[397518, 1, 1]])];
    await assert.rejects(p.apply(events, context(L1, events)), /service unavailable/);
    await p.apply(events, context(L1, events));
    assert.equal(hourDoc(store).orders, 1);
    assert.equal(quarantine.items.length, 1);
  });

  test('the metric counts a record once: not again for a redelivered batch, nor for the other views', async () => {
    const quarantine = new MemoryQuarantine();
    const metrics = testMetrics();
    const view = (kind: 'top-movies' | 'orders-hour') =>
      new ViewProjection({
        view: kind,
        generation: 1,
        stores: memoryViewStores(new MemoryStore<StoredViewDoc>()),
        quarantine,
        catalog: { categoryOf: () => undefined, ensureKnown: async () => undefined },
        timeZone: 'UTC',
        metrics,
        concurrency: 2,
      });
    const events = [feedEvent(1, HOUR, [[397518, 1, 1e308]]), feedEvent(2, HOUR, [[397518, 1, 1]])];
    for (const projection of [view('orders-hour'), view('orders-hour'), view('top-movies')])
      await projection.apply(events, context(L1, events));
    assert.equal(quarantine.items.length, 3, 'set aside by every delivery');
    const counted = (await metrics.eventsQuarantined.get()).values;
    assert.deepEqual(
      counted.map((v) => [v.labels.view, v.value]),
      [['all', 1]],
    );
  });

  test('the record id is one per event (every view writes the same), bounded to a Cosmos id', () => {
    assert.equal(quarantineRecordId('abc'), 'projector.abc');
    assert.equal(quarantineRecordId('abc', 'orders-day'), 'projector.orders-day.abc');
    assert.ok(quarantineRecordId('x'.repeat(255)).length <= 255);
    const record = toQuarantineRecord(
      { event: feedEvent(7, HOUR, [[1, 1, 1e308]]), reason: 'r'.repeat(2_000) },
      new Date('2026-11-22T12:00:00Z'),
    );
    assert.equal(record.stage, 'projector');
    assert.equal(record.eventId, 'order-7');
    assert.equal(record.reasons[0]?.length, 500);
    assert.deepEqual(record.source, { partitionId: '0', sequenceNumber: 7, offset: '7' });
  });
});
