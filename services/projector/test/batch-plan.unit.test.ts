import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  definitionOf,
  groupByKey,
  project,
  toDomainDoc,
  type FoldContext,
  type OrdersHourDoc,
  type StoredViewDoc,
  type MovieSalesDoc,
  type AnyViewDefinition,
  type ViewDoc,
  type ViewKind,
} from '@marquee/domain';
import type { FeedEvent } from '../src/projection/index.ts';
import { appliedPosition, planDocUpdate, rangeOfToken } from '../src/views/index.ts';
import { feedEvent, lease } from './support/fixtures.ts';

const L1 = lease('', '40000000000000000000000000000000');
const catalog = (id: number): number | undefined => (id === 397518 ? 3 : undefined);
const lsnOf = (e: FeedEvent): number => e._lsn ?? 0;
const ctx = (timeZone = 'UTC'): FoldContext => ({ categoryOf: catalog, timeZone });
const definition = (view: ViewKind): AnyViewDefinition => definitionOf(view);
const groupByDoc = (view: ViewKind, events: readonly FeedEvent[], timeZone: string) =>
  groupByKey(definition(view), events, ctx(timeZone));

function plan(
  view: 'top-movies' | 'orders-hour',
  docId: string,
  current: StoredViewDoc | undefined,
  events: ReturnType<typeof feedEvent>[],
  batchMaxLsn: number,
  l = L1,
  inherited?: Record<string, number>,
) {
  return planDocUpdate({
    definition: definition(view),
    generation: 1,
    docId: docId as ViewDoc['id'],
    current,
    ...(inherited === undefined ? {} : { inherited }),
    events,
    lease: l,
    batchMaxLsn,
    lsnOf,
    ctx: ctx(),
    now: new Date('2026-11-22T12:00:00Z'),
  });
}

describe('grouping a batch by view doc', () => {
  const events = [
    feedEvent(1, '2026-11-22T10:05:00.000Z', [[397518, 1, 4.99]]),
    feedEvent(2, '2026-11-22T11:59:59.999Z', [[397519, 2, 9.99]]),
    feedEvent(3, '2026-11-21T23:30:00.000Z', [[397518, 1, 4.99]]),
    feedEvent(4, '2026-11-22T10:45:00.000Z', [[397520, 1, 5.99]]),
  ];

  test('hour view: one group per UTC day (the doc holding its hours), events in batch order', () => {
    const groups = groupByDoc('orders-hour', events, 'UTC');
    assert.deepEqual(
      [...groups].map(([id, evs]) => [id, evs.map((e) => e._lsn)]),
      [
        ['orders-hours-2026-11-22', [1, 2, 4]],
        ['orders-hours-2026-11-21', [3]],
      ],
    );
  });

  test('day view uses the report time zone', () => {
    const utc = [...groupByDoc('orders-day', events, 'UTC').keys()];
    assert.deepEqual(utc, ['orders-day-2026-11-22', 'orders-day-2026-11-21']);
    // 23:30 UTC on the 21st is already the 22nd in Tokyo, 10:05 UTC too.
    const tokyo = [...groupByDoc('orders-day', events, 'Asia/Tokyo').keys()];
    assert.deepEqual(tokyo, ['orders-day-2026-11-22']);
  });

  test('all-time views: a single doc gets the whole batch', () => {
    // Top movies: one counters doc per range of MOVIE_BUCKET_WIDTH movie ids (397518..397520: bucket 776).
    assert.deepEqual([...groupByDoc('top-movies', events, 'UTC').keys()], ['movie-sales-776']);
    assert.deepEqual([...groupByDoc('categories', events, 'UTC').keys()], ['categories']);
  });
});

describe('planning one doc update', () => {
  const batch = [
    feedEvent(10, '2026-11-22T10:05:00.000Z', [[397518, 2, 4.99]]),
    feedEvent(11, '2026-11-22T10:06:00.000Z', [
      [397518, 1, 4.99],
      [397519, 1, 9.99],
    ]),
  ];

  test('a new doc gets the fold of the batch, the lease position and asOf', () => {
    const result = plan('top-movies', 'movie-sales-776', undefined, batch, 11);
    assert.ok(result.write);
    const doc = result.next;
    assert.equal(doc.id, `g1.movie-sales-776@${L1.leaseToken}`, 'this lease keeps its own partial');
    assert.equal(doc.viewId, 'movie-sales-776');
    assert.equal(doc.generation, 1);
    assert.deepEqual(doc.appliedLsn, { [L1.leaseToken]: 11 });
    assert.deepEqual(doc.asOf, {
      lastEventAt: '2026-11-22T10:06:00.000Z',
      writtenAt: '2026-11-22T12:00:00.000Z',
    });
    assert.deepEqual((doc as unknown as MovieSalesDoc).movies, {
      '397518': { unitsSold: 3, orders: 2, revenue: 1497 },
      '397519': { unitsSold: 1, orders: 1, revenue: 999 },
    });
  });

  test('the same batch again writes nothing', () => {
    const first = plan('top-movies', 'movie-sales-776', undefined, batch, 11);
    assert.ok(first.write);
    assert.deepEqual(plan('top-movies', 'movie-sales-776', first.next, batch, 11), {
      write: false,
      skipped: 2,
      overflow: [],
    });
  });

  test('a crash mid-batch, then a longer redelivery: each doc ends with every event exactly once', () => {
    // First delivery: LSN 1..4 over two hours. The 10:00 doc was written, then the process died before the
    // 11:00 doc was. The redelivery starts at the same checkpoint but the feed has grown: LSN 1..6.
    const all = [
      feedEvent(1, '2026-11-22T10:01:00.000Z', [[397518, 1, 4.99]]),
      feedEvent(2, '2026-11-23T11:01:00.000Z', [[397519, 1, 9.99]]),
      feedEvent(3, '2026-11-22T10:02:00.000Z', [[397518, 3, 4.99]]),
      feedEvent(4, '2026-11-23T11:02:00.000Z', [[397518, 1, 4.99]]),
      feedEvent(5, '2026-11-22T10:03:00.000Z', [[397520, 2, 5.99]]),
      feedEvent(6, '2026-11-23T11:03:00.000Z', [[397518, 1, 4.99]]),
    ];
    const firstDelivery = all.slice(0, 4);
    const docs = new Map<string, StoredViewDoc>();
    const day22 = groupByDoc('orders-hour', firstDelivery, 'UTC').get('orders-hours-2026-11-22') ?? [];
    const written = plan('orders-hour', 'orders-hours-2026-11-22', undefined, day22, 4);
    assert.ok(written.write);
    docs.set('orders-hours-2026-11-22', written.next);
    // (crash: orders-hours-2026-11-23 never written, no checkpoint)
    for (const [docId, events] of groupByDoc('orders-hour', all, 'UTC')) {
      const result = plan('orders-hour', docId, docs.get(docId), events, 6);
      if (result.write) docs.set(docId, result.next);
    }
    const expected = project(definitionOf('orders-hour'), all, ctx());
    for (const [docId, doc] of docs) {
      const wantDoc = expected.get(docId as OrdersHourDoc['id']);
      assert.ok(wantDoc);
      const got = toDomainDoc<ViewDoc>(doc) as OrdersHourDoc;
      assert.deepEqual(got.hours, wantDoc.hours, docId);
      assert.deepEqual(doc.appliedLsn, { [L1.leaseToken]: 6 });
    }
  });

  test('a stale owner redelivering an older, shorter batch changes nothing', () => {
    const newer = plan('top-movies', 'movie-sales-776', undefined, batch, 20);
    assert.ok(newer.write);
    assert.deepEqual(plan('top-movies', 'movie-sales-776', newer.next, batch.slice(0, 1), 10), {
      write: false,
      skipped: 1,
      overflow: [],
    });
  });

  test('another lease of the same doc is counted on its own', () => {
    const first = plan('top-movies', 'movie-sales-776', undefined, batch, 11);
    assert.ok(first.write);
    const other = lease('40000000000000000000000000000000', '80000000000000000000000000000000');
    const fromOther = [feedEvent(3, '2026-11-22T09:00:00.000Z', [[397518, 1, 4.99]])];
    const second = plan('top-movies', 'movie-sales-776', first.next, fromOther, 3, other);
    assert.ok(second.write);
    assert.deepEqual(second.next.appliedLsn, { [L1.leaseToken]: 11, [other.leaseToken]: 3 });
    assert.equal((second.next as unknown as MovieSalesDoc).movies['397518']?.unitsSold, 4);
    assert.equal(second.next.asOf.lastEventAt, '2026-11-22T10:06:00.000Z', 'lastEventAt never goes back');
  });
});

describe('positions across a split', () => {
  const parent = lease('', '80000000000000000000000000000000');
  const left = lease('', '40000000000000000000000000000000');
  const right = lease('40000000000000000000000000000000', '80000000000000000000000000000000');
  const stranger = lease('80000000000000000000000000000000', 'FF');

  test('lease tokens parse back into ranges', () => {
    assert.deepEqual(rangeOfToken(parent.leaseToken), parent.feedRange);
    assert.deepEqual(rangeOfToken(stranger.leaseToken), stranger.feedRange);
    assert.equal(rangeOfToken('not a token'), undefined);
  });

  test('a child without an entry of its own starts from its parent position', () => {
    const applied = { [parent.leaseToken]: 40, [stranger.leaseToken]: 99 };
    assert.equal(appliedPosition(applied, left), 40);
    assert.equal(appliedPosition(applied, right), 40);
    assert.equal(appliedPosition(applied, stranger), 99);
    assert.equal(
      appliedPosition({ [stranger.leaseToken]: 99 }, left),
      undefined,
      'a sibling range is not an ancestor',
    );
  });

  test('the higher of own and ancestor position wins', () => {
    assert.equal(appliedPosition({ [parent.leaseToken]: 40, [left.leaseToken]: 35 }, left), 40);
    assert.equal(appliedPosition({ [parent.leaseToken]: 40, [left.leaseToken]: 55 }, left), 55);
  });

  test('events the parent applied past its checkpoint are not applied again by the child', () => {
    const events = [
      feedEvent(38, '2026-11-22T10:00:00.000Z', [[397518, 1, 4.99]]),
      feedEvent(41, '2026-11-22T10:00:00.000Z', [[397518, 1, 4.99]]),
    ];
    const byParent = plan('top-movies', 'movie-sales-776', undefined, events.slice(0, 1), 40, parent);
    assert.ok(byParent.write);
    // The child's first write of the doc takes the parent partial's positions (inherited-positions.ts).
    const inherited = byParent.next.appliedLsn;
    const byChild = plan('top-movies', 'movie-sales-776', undefined, events, 41, left, inherited);
    assert.ok(byChild.write);
    assert.equal(byChild.applied.length, 1);
    assert.equal(byChild.next.id, `g1.movie-sales-776@${left.leaseToken}`);
    assert.equal((byChild.next as unknown as MovieSalesDoc).movies['397518']?.unitsSold, 1);
    assert.deepEqual(byChild.next.appliedLsn, { [parent.leaseToken]: 40, [left.leaseToken]: 41 });
    // Its next batch needs no ancestor read: its own partial carries the parent's position.
    const again = plan('top-movies', 'movie-sales-776', byChild.next, events, 41, left);
    assert.equal(again.write, false);
  });
});
