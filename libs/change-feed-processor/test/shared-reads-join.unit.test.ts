// A reader behind the others of its range cuts the page it read on its own where another of them stands, and
// shares their pages from there (join-cut.ts). Positions are the fake feed's `t<lsn>`, or the SDK's tokens.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SharedFeedReads } from '../src/processing/shared-reads.ts';
import { FakeFeed, lsnRange, sdkTokens, shortTokens } from './support/fake-feed.ts';
import { feedReader, readToHead } from './support/feed-reader.ts';

const comparable = { positionLsn: shortTokens.lsnOf };

test('a reader behind reads alone until its page passes where the other stands, is cut there, then shares every page', async () => {
  // Given one reader at t250 and one at t0, pages of 100
  const feed = new FakeFeed(1_000);
  const shared = new SharedFeedReads(comparable);
  const ahead = feedReader(shared, feed, 't250');
  const behind = feedReader(shared, feed, 't0');
  // When the one behind reads: its first two pages end before t250
  await behind.next();
  await behind.next();
  assert.deepEqual(
    behind.pages.map((p) => p.token),
    ['t100', 't200'],
    'nothing to meet before t250: read alone, uncut',
  );
  // Then its third page (201..300) meets t250: cut there
  const cut = await behind.next();
  assert.deepEqual(cut.lsns, lsnRange(201, 250));
  assert.equal(cut.token, 't250');
  assert.equal(cut.etag, '"250"', "the cut page's etag is the LSN it ends at");
  assert.equal(shared.stats.read, 3);
  // And from t250 on, each page is read from the store once, for both
  for (;;) {
    const [a, b] = [await ahead.next(), await behind.next()];
    assert.deepEqual(a, b, 'the same page');
    if (a.lsns.length === 0) break;
  }
  assert.deepEqual(
    shared.stats,
    { read: 3 + 8 + 2, shared: 8 },
    '8 pages 251..1000 shared; each polls the head',
  );
  assert.deepEqual(ahead.seen, lsnRange(251, 1_000));
  assert.deepEqual(behind.seen, lsnRange(1, 1_000), 'every change once, in order, across the cut');
});

test('readers starting at different places, reading at different paces: each gets every change once, in order', async () => {
  const feed = new FakeFeed(3_000);
  const shared = new SharedFeedReads(comparable);
  const starts = [0, 130, 420, 1_275];
  const readers = starts.map((lsn) => feedReader(shared, feed, `t${lsn}`));
  // Each round the reader furthest behind reads three pages, the others one: they keep meeting and parting.
  for (let round = 0; round < 200; round += 1) {
    for (const [i, reader] of readers.entries()) {
      for (let page = 0; page < (i === 0 ? 3 : 1); page += 1) await reader.next();
    }
  }
  for (const [i, reader] of readers.entries()) {
    assert.deepEqual(reader.seen, lsnRange((starts[i] as number) + 1, 3_000), `reader from t${starts[i]}`);
  }
  const short = (p: { lsns: number[] }): boolean => p.lsns.length > 0 && p.lsns.length < 100;
  const cuts = readers.flatMap((r) => r.pages).filter((p) => short(p) && p.lsns.at(-1) !== 3_000);
  assert.ok(cuts.length > 0, 'some pages were cut to join');
  assert.ok(shared.stats.shared > 0, `pages were shared (${JSON.stringify(shared.stats)})`);
});

test('a reader ahead of the others is never cut', async () => {
  const feed = new FakeFeed(1_000);
  const shared = new SharedFeedReads(comparable);
  feedReader(shared, feed, 't250');
  const ahead = feedReader(shared, feed, 't300');
  const page = await ahead.next();
  assert.deepEqual(page.lsns, lsnRange(301, 400));
  assert.equal(page.token, 't400');
});

test('positions that are not comparable: no cut, the reader behind reads every page alone as before', async () => {
  // The default positionLsn reads the SDK's tokens: `t<lsn>` says nothing about where it stands.
  const feed = new FakeFeed(1_000);
  const shared = new SharedFeedReads();
  feedReader(shared, feed, 't250');
  const behind = feedReader(shared, feed, 't0');
  for (let i = 0; i < 4; i += 1) await behind.next();
  assert.deepEqual(
    behind.pages.map((p) => p.token),
    ['t100', 't200', 't300', 't400'],
  );
  assert.equal(shared.stats.read, 4);
});

test('no cut when a change of the page has no LSN: where to cut is not known', async () => {
  const feed = new FakeFeed(1_000);
  const shared = new SharedFeedReads(comparable);
  // The trim drops the LSN of change 230 (a handler's trim that did not keep `_lsn`).
  const trim = (change: unknown): unknown =>
    (change as { _lsn: number })._lsn === 230 ? { id: 'no lsn' } : change;
  feedReader(shared, feed, 't250', { trim });
  const behind = feedReader(shared, feed, 't200', { trim });
  const page = await behind.next();
  assert.equal(page.token, 't300', 'the whole page, on to where it ends');
  assert.equal(page.lsns.length, 100);
});

test("readers at the cut page's start share the cut page, even while it is read, and keep nothing once past it", async () => {
  const feed = new FakeFeed(1_000);
  const shared = new SharedFeedReads(comparable);
  feedReader(shared, feed, 't250');
  const [first, second] = [feedReader(shared, feed, 't200'), feedReader(shared, feed, 't200')];
  const [a, b] = await Promise.all([first.next(), second.next()]);
  assert.deepEqual(a, { lsns: lsnRange(201, 250), token: 't250', etag: '"250"' });
  assert.deepEqual(b, a, 'the second got the cut page, not the whole one');
  assert.deepEqual(shared.stats, { read: 1, shared: 1 });
  assert.equal(shared.held, 0, 'no reader stands at t200 any more');
});

test('a cut page does not go stale: all it holds was written before where it ends', async () => {
  let now = 0;
  const feed = new FakeFeed(1_000);
  const shared = new SharedFeedReads({ ...comparable, staleMs: 100, now: () => now });
  feedReader(shared, feed, 't250');
  const [first, second] = [feedReader(shared, feed, 't200'), feedReader(shared, feed, 't200')];
  await first.next(); // 50 changes of a page of 100: short, but not at the head
  now = 10_000;
  assert.deepEqual((await second.next()).lsns, lsnRange(201, 250));
  assert.deepEqual(shared.stats, { read: 1, shared: 1 }, 'shared long after staleMs');
});

test('the iterator is parked where it stands (the uncut end): a read from the cut goes on with no change lost or repeated', async () => {
  const feed = new FakeFeed(1_000);
  const shared = new SharedFeedReads(comparable);
  feedReader(shared, feed, 't250');
  const behind = feedReader(shared, feed, 't200');
  await behind.next(); // 201..250, its iterator read to t300
  assert.equal(feed.created, 1);
  // The parked iterator serves a reader at t300, where it really stands
  const third = feedReader(shared, feed, 't300');
  assert.deepEqual((await third.next()).lsns, lsnRange(301, 400));
  assert.equal(feed.created, 1, 'reused the iterator parked at t300');
  // When the cut reader goes on from t250
  const next = await behind.next();
  // Then it reads 251..350 with an iterator of its own: one standing at t300 would have skipped 251..300
  assert.deepEqual(next.lsns, lsnRange(251, 350));
  assert.equal(feed.created, 2);
  await readToHead(behind);
  assert.deepEqual(behind.seen, lsnRange(201, 1_000));
});

test('a page filled from responses stops reading once a response passes where it joins the others', async () => {
  const feed = new FakeFeed(5_000);
  const shared = new SharedFeedReads(comparable);
  const fill = { pageSize: 2_000, requestSize: 250 };
  feedReader(shared, feed, 't600', fill);
  const behind = feedReader(shared, feed, 't0', fill);
  const page = await behind.next();
  assert.equal(feed.reads, 3, 'responses to 250, 500, 750: not the 8 of a whole page');
  assert.deepEqual(page.lsns, lsnRange(1, 600));
  assert.equal(page.token, 't600');
  await readToHead(behind);
  assert.deepEqual(behind.seen, lsnRange(1, 5_000));
});

test("the SDK's tokens: a reader from the beginning of its range cuts at the other reader's token", async () => {
  const feed = new FakeFeed(1_000, sdkTokens);
  const shared = new SharedFeedReads(); // the default: the SDK's positions
  const at250 = sdkTokens.name(250);
  const ahead = feedReader(shared, feed, at250);
  const behind = feedReader(shared, feed, 'beginning:-FF');
  await behind.next();
  await behind.next();
  const cut = await behind.next();
  assert.deepEqual(cut, { lsns: lsnRange(201, 250), token: at250, etag: '"250"' });
  await readToHead(ahead);
  await readToHead(behind);
  assert.deepEqual(behind.seen, lsnRange(1, 1_000));
  assert.deepEqual(shared.stats, { read: 3 + 8 + 2, shared: 8 });
});
