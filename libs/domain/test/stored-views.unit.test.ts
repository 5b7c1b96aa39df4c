// The `views` contract: what the projector writes is what the api reads. Both import these functions, and
// the round trips below fail if a writer-side change is not understood by the reader side.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CATEGORIES_DOC_ID,
  dayDocId,
  funnelDayDocId,
  funnelMovieHoursDocId,
  generationsOf,
  GENERATIONS_DOC_ID,
  hourDocId,
  kindOfDomainId,
  kindOfStoredId,
  newestAsOf,
  parseStoredViewId,
  storedViewId,
  switchGeneration,
  toDomainDoc,
  toStoredDoc,
  VIEW_KINDS,
  type ViewDoc,
} from '../src/index.ts';

describe('generation pointer', () => {
  test('a missing pointer means generation 1 for every view', () => {
    assert.deepEqual(generationsOf(undefined), {
      'top-movies': 1,
      categories: 1,
      'orders-hour': 1,
      'orders-day': 1,
      funnel: 1,
    });
  });

  test('missing or invalid entries fall back to 1, valid ones are kept', () => {
    const doc = {
      id: 'view-generations',
      generations: { categories: 3, 'orders-hour': 0, 'orders-day': 'x', 'top-movies': 2 ** 60 },
    };
    assert.deepEqual(generationsOf(doc), {
      'top-movies': 1,
      categories: 3,
      'orders-hour': 1,
      'orders-day': 1,
      funnel: 1,
    });
    assert.deepEqual(generationsOf({ generations: null }), generationsOf(undefined));
  });

  test('switching one view leaves the others alone and stamps the time', () => {
    const before = { id: 'view-generations', generations: { categories: 3 }, switchedAt: 'x' };
    const after = switchGeneration(before, 'top-movies', 2, new Date('2026-11-22T05:00:00Z'));
    assert.deepEqual(after, {
      id: 'view-generations',
      generations: { 'top-movies': 2, categories: 3, 'orders-hour': 1, 'orders-day': 1, funnel: 1 },
      // Built with this code's layout; the others' layouts are not recorded (layout 1, layouts.ts).
      layouts: { 'top-movies': 1 },
      rebuilds: {},
      switchedAt: '2026-11-22T05:00:00.000Z',
    });
    assert.throws(() => switchGeneration(before, 'top-movies', 0, new Date()), RangeError);
    assert.throws(() => switchGeneration(before, 'top-movies', 1.5, new Date()), RangeError);
  });

  test('every pointer the writer can produce reads back as written', () => {
    let pointer: unknown = undefined;
    for (const [i, view] of VIEW_KINDS.entries()) {
      const next = switchGeneration(pointer, view, i + 2, new Date('2026-11-22T05:00:00Z'));
      assert.equal(next.id, GENERATIONS_DOC_ID);
      assert.deepEqual(generationsOf(JSON.parse(JSON.stringify(next))), next.generations);
      pointer = next;
    }
  });
});

describe('stored view docs', () => {
  test('stored id is g<generation>.<domain id>, and parses back', () => {
    assert.equal(storedViewId(1, 'top-movies'), 'g1.top-movies');
    assert.equal(storedViewId(12, 'orders-hours-2026-11-22'), 'g12.orders-hours-2026-11-22');
    assert.deepEqual(parseStoredViewId('g12.top-movies'), { generation: 12, domainId: 'top-movies' });
    assert.equal(parseStoredViewId(GENERATIONS_DOC_ID), undefined);
    assert.equal(storedViewId(3, 'categories', '-7FFF'), 'g3.categories@-7FFF');
    assert.deepEqual(parseStoredViewId('g3.orders-hours-2026-11-22@00-7FFF'), {
      generation: 3,
      domainId: 'orders-hours-2026-11-22',
      writer: '00-7FFF',
    });
    assert.equal(kindOfStoredId('g3.movie-sales-776@-7FFF'), 'top-movies');
    assert.equal(kindOfStoredId('g3.top-movies@-7FFF'), 'top-movies');
    assert.equal(kindOfStoredId('g3.writers.categories'), undefined);
    assert.equal(kindOfStoredId(GENERATIONS_DOC_ID), undefined);
  });

  const domainDocs: ViewDoc[] = [
    { id: 'movie-sales-776', kind: 'top-movies', bucket: 776, movies: {} },
    { id: CATEGORIES_DOC_ID, kind: 'categories', categories: {} },
    {
      id: hourDocId('2026-11-22T10'),
      kind: 'orders-hour',
      day: '2026-11-22',
      hours: { 10: { orders: 1, revenue: 499, units: 1 } },
    },
    {
      id: dayDocId('2026-11-22'),
      kind: 'orders-day',
      day: '2026-11-22',
      timeZone: 'UTC',
      orders: 1,
      revenue: 499,
      units: 1,
    },
    {
      id: funnelDayDocId('2026-11-22T10'),
      kind: 'funnel',
      day: '2026-11-22',
      hours: { 10: { total: [3, 1, 1, 1], categories: {} } },
    },
  ];
  const funnelMovies: ViewDoc = {
    id: funnelMovieHoursDocId('2026-11-22T10', 397518),
    kind: 'funnel',
    hour: '2026-11-22T08',
    bucket: 1552,
    movies: {},
  };

  test('the reader finds the view and generation of every doc id the domain makes', () => {
    assert.deepEqual(
      domainDocs.map((d) => d.kind),
      [...VIEW_KINDS],
    );
    for (const doc of [...domainDocs, funnelMovies]) {
      const stored = toStoredDoc(doc, 7, {}, { lastEventAt: 'a', writtenAt: 'b' });
      assert.equal(kindOfDomainId(doc.id), doc.kind);
      assert.equal(kindOfStoredId(stored.id), doc.kind);
      assert.deepEqual(parseStoredViewId(stored.id), { generation: 7, domainId: doc.id });
      assert.equal(stored.viewId, doc.id);
      assert.equal(stored.generation, 7);
    }
  });

  test('stored doc ↔ domain doc round trip drops the envelope and Cosmos fields', () => {
    const domain = {
      id: 'orders-hours-2026-11-22' as const,
      kind: 'orders-hour' as const,
      day: '2026-11-22',
      hours: { 10: { orders: 2, revenue: 998, units: 2 } },
    };
    const asOf = { lastEventAt: '2026-11-22T10:59:00.000Z', writtenAt: '2026-11-22T11:00:00.000Z' };
    const stored = toStoredDoc(domain, 4, { '-FF': 7 }, asOf);
    assert.deepEqual(stored, {
      ...domain,
      id: 'g4.orders-hours-2026-11-22',
      viewId: 'orders-hours-2026-11-22',
      generation: 4,
      appliedLsn: { '-FF': 7 },
      asOf,
    });
    const read = { ...stored, _etag: '"1"', _rid: 'r', _ts: 1, _self: 's' };
    assert.deepEqual(toDomainDoc(read), { ...domain, appliedLsn: { '-FF': 7 } });
    const rewritten = toStoredDoc(toDomainDoc(read), 4, { '-FF': 8 }, asOf);
    assert.equal('_etag' in rewritten || '_rid' in rewritten, false);
    // What the writer stamps is what the reader reports.
    assert.deepEqual(newestAsOf([stored]), asOf);
  });

  test('newestAsOf takes the newest of each field and tolerates docs without one', () => {
    assert.deepEqual(
      newestAsOf([
        { asOf: { lastEventAt: '2026-11-22T10:00:00Z', writtenAt: '2026-11-22T10:00:05Z' } },
        undefined,
        {},
        { asOf: { lastEventAt: '2026-11-22T09:00:00Z', writtenAt: '2026-11-22T10:00:07Z' } },
      ]),
      { lastEventAt: '2026-11-22T10:00:00Z', writtenAt: '2026-11-22T10:00:07Z' },
    );
    assert.deepEqual(newestAsOf([undefined]), { lastEventAt: null, writtenAt: null });
  });
});
