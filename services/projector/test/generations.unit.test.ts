import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  changedViews,
  generationsOf,
  processorNameOf,
  storedDocId,
  switchGeneration,
  toDomainDoc,
  toStoredDoc,
} from '../src/views/index.ts';
import { viewOfStoredId } from '../src/wiring.ts';

describe('generation pointer', () => {
  test('a missing pointer means generation 1 for every view', () => {
    assert.deepEqual(generationsOf(undefined), {
      'top-movies': 1,
      categories: 1,
      'orders-hour': 1,
      'orders-day': 1,
    });
  });

  test('missing or invalid entries fall back to 1, valid ones are kept', () => {
    const doc = {
      id: 'view-generations',
      generations: { categories: 3, 'orders-hour': 0, 'orders-day': 'x' },
    };
    assert.deepEqual(generationsOf(doc), {
      'top-movies': 1,
      categories: 3,
      'orders-hour': 1,
      'orders-day': 1,
    });
  });

  test('switching one view leaves the others alone and stamps the time', () => {
    const before = { id: 'view-generations', generations: { categories: 3 }, switchedAt: 'x' };
    const after = switchGeneration(before, 'top-movies', 2, new Date('2026-11-22T05:00:00Z'));
    assert.deepEqual(after, {
      id: 'view-generations',
      generations: { 'top-movies': 2, categories: 3, 'orders-hour': 1, 'orders-day': 1 },
      switchedAt: '2026-11-22T05:00:00.000Z',
    });
    assert.throws(() => switchGeneration(before, 'top-movies', 0, new Date()), RangeError);
  });

  test('changed views are the ones whose generation differs', () => {
    const a = generationsOf(undefined);
    assert.deepEqual(changedViews(a, { ...a, 'orders-day': 2 }), ['orders-day']);
    assert.deepEqual(changedViews(a, a), []);
  });
});

describe('stored ids and names', () => {
  test('stored id is g<generation>.<domain id>', () => {
    assert.equal(storedDocId(1, 'top-movies'), 'g1.top-movies');
    assert.equal(storedDocId(12, 'orders-hour-2026-11-22T10'), 'g12.orders-hour-2026-11-22T10');
  });

  test('one processor per view and generation', () => {
    assert.equal(processorNameOf('orders-hour', 3), 'projector.orders-hour.g3');
  });

  test('the view of a stored id', () => {
    assert.equal(viewOfStoredId('g2.orders-hour-2026-11-22T10'), 'orders-hour');
    assert.equal(viewOfStoredId('g1.orders-day-2026-11-22'), 'orders-day');
    assert.equal(viewOfStoredId('g1.categories'), 'categories');
  });

  test('stored doc ↔ domain doc round trip drops the envelope and Cosmos fields', () => {
    const domain = {
      id: 'orders-hour-2026-11-22T10' as const,
      kind: 'orders-hour' as const,
      hour: '2026-11-22T10',
      orders: 2,
      revenue: 998,
      units: 2,
    };
    const asOf = { lastEventAt: '2026-11-22T10:59:00.000Z', writtenAt: '2026-11-22T11:00:00.000Z' };
    const stored = toStoredDoc(domain, 4, { '-FF': 7 }, asOf);
    assert.deepEqual(stored, {
      ...domain,
      id: 'g4.orders-hour-2026-11-22T10',
      viewId: 'orders-hour-2026-11-22T10',
      generation: 4,
      appliedLsn: { '-FF': 7 },
      asOf,
    });
    const read = { ...stored, _etag: '"1"', _rid: 'r', _ts: 1, _self: 's' };
    assert.deepEqual(toDomainDoc(read), { ...domain, appliedLsn: { '-FF': 7 } });
    const rewritten = toStoredDoc(toDomainDoc(read), 4, { '-FF': 8 }, asOf);
    assert.equal('_etag' in rewritten || '_rid' in rewritten, false);
  });
});
