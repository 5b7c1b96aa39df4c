import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readPage, SharedFeedReads, type PagePosition } from '../src/processing/shared-reads.ts';
import { FakeFeed as Feed } from './support/fake-feed.ts';

/** A lease's loop reduced to its reads: from a position, on from each page's token. */
function reader(shared: SharedFeedReads, feed: Feed, pageSize: number, start = 't0') {
  let position = start;
  const slot = shared.join('range');
  const leave = (): void => slot.leave();
  const seen: number[] = [];
  return {
    seen,
    leave,
    async next(): Promise<number> {
      const at: PagePosition = { group: 'range', scope: 'feed', position, pageSize };
      const from = position;
      const page = await shared.read(at, () => feed.iterator(from, pageSize));
      position = page.continuationToken ?? position;
      for (const item of page.result as { _lsn: number }[]) seen.push(item._lsn);
      return page.result.length;
    },
  };
}

/** A lease's reader as the processor makes it: placed at its start when it joins, reading as itself. */
function placedReader(shared: SharedFeedReads, feed: Feed, pageSize: number, start = 't0', scope = 'feed') {
  let position = start;
  const me = shared.join('range', { scope, position: start });
  const seen: number[] = [];
  return {
    seen,
    leave: () => me.leave(),
    async next(): Promise<number> {
      const at: PagePosition = { group: 'range', scope, position, pageSize };
      const from = position;
      const page = await shared.read(at, () => feed.iterator(from, pageSize), undefined, { reader: me });
      position = page.continuationToken ?? position;
      for (const item of page.result as { _lsn: number }[]) seen.push(item._lsn);
      return page.result.length;
    },
  };
}

const lsns = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);

test('readers of one range in step: each page is read from the store once, every reader sees every change once', async () => {
  const feed = new Feed(1_000);
  const shared = new SharedFeedReads();
  const views = Array.from({ length: 5 }, () => reader(shared, feed, 100));
  for (let page = 0; page < 10; page += 1) await Promise.all(views.map((v) => v.next()));
  assert.equal(feed.reads, 10);
  assert.equal(feed.created, 1, 'one iterator walks the feed, parked between pages');
  for (const v of views) assert.deepEqual(v.seen, lsns(1_000));
  assert.deepEqual(shared.stats, { read: 10, shared: 40 });
});

test('a reader far behind reads on its own, still every change once and in order, and keeps no page', async () => {
  const feed = new Feed(2_000);
  const shared = new SharedFeedReads({ maxPages: 2 });
  const [fast, slow] = [placedReader(shared, feed, 100), placedReader(shared, feed, 100)];
  for (let i = 0; i < 20; i += 1) await fast.next();
  while ((await slow.next()) > 0);
  assert.deepEqual(fast.seen, lsns(2_000));
  assert.deepEqual(slow.seen, lsns(2_000));
  assert.ok(feed.reads > 30, `the slow reader read most pages itself (${feed.reads} reads)`);
  // Its own pages were kept for no one: the fast reader is past them (before: up to maxPages, for good).
  assert.equal(shared.held, 0, 'nothing left in memory once both read to the head');
});

test('a page that is not full is shared only while fresh; empty pages are never shared', async () => {
  let now = 0;
  const feed = new Feed(50);
  const shared = new SharedFeedReads({ staleMs: 100, now: () => now });
  const [a, b, c] = [reader(shared, feed, 100), reader(shared, feed, 100), reader(shared, feed, 100)];
  await a.next();
  now = 50;
  await b.next(); // fresh enough: the same 50 changes
  assert.equal(feed.reads, 1);
  feed.add(10);
  now = 500;
  await c.next(); // stale: read again, and sees the 10 new changes too
  assert.equal(feed.reads, 2);
  assert.deepEqual(c.seen, lsns(60));
  assert.deepEqual(b.seen, lsns(50));
  // At the head: each reader polls for itself.
  const before = shared.stats.read;
  await c.next();
  await c.next();
  assert.equal(shared.stats.read, before + 2);
  await b.next();
  assert.deepEqual(b.seen, lsns(60), 'b goes on from where its page ended');
});

test('a failed read is kept for no one: the next reader reads again', async () => {
  const feed = new Feed(300);
  const shared = new SharedFeedReads();
  const [a, b] = [reader(shared, feed, 100), reader(shared, feed, 100)];
  feed.fail = true;
  await assert.rejects(a.next(), /feed down/);
  feed.fail = false;
  await b.next();
  await a.next();
  assert.deepEqual(a.seen, lsns(100));
  assert.deepEqual(b.seen, lsns(100));
});

test('a reader that left no longer holds pages back', async () => {
  const feed = new Feed(500);
  const shared = new SharedFeedReads({ maxPages: 1 });
  const [a, b] = [reader(shared, feed, 100), reader(shared, feed, 100)];
  b.leave();
  await a.next();
  await a.next();
  // With b gone, a's pages were dropped as soon as a took them: b's old position is read from the store.
  const before = feed.reads;
  await b.next();
  assert.equal(feed.reads, before + 1);
});

test('a trimmed page is trimmed once, as it is read, and every reader gets the same trimmed changes', async () => {
  const feed = new Feed(300);
  const shared = new SharedFeedReads();
  let trimmed = 0;
  const trim = (change: unknown): unknown => {
    trimmed += 1;
    return { ...(change as object), trimmed: true };
  };
  const pages: unknown[][] = [];
  for (let view = 0; view < 3; view += 1) shared.join('range');
  for (let view = 0; view < 3; view += 1) {
    const at: PagePosition = { group: 'range', scope: 'feed;trim', position: 't0', pageSize: 100 };
    pages.push((await shared.read(at, () => feed.iterator('t0', 100), trim)).result);
  }
  assert.equal(feed.reads, 1);
  assert.equal(trimmed, 100, 'each change trimmed once for the three readers');
  assert.ok(pages.every((page) => page === pages[0]));
  assert.deepEqual(pages[0]?.[0], { _lsn: 1, trimmed: true });
});

const tick = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

test('a reader ahead waits for the reader behind it to take its pages: one read per page, one page kept', async () => {
  const feed = new Feed(1_000);
  const shared = new SharedFeedReads({ maxLeadWaitMs: 5_000 });
  const [fast, slow] = [placedReader(shared, feed, 100), placedReader(shared, feed, 100)];
  let held = 0;
  const fastDone = (async () => {
    for (let i = 0; i < 10; i += 1) {
      await fast.next();
      held = Math.max(held, shared.held);
    }
  })();
  for (let i = 0; i < 10; i += 1) {
    await tick(2); // the slow one's batch
    await slow.next();
    held = Math.max(held, shared.held);
  }
  await fastDone;
  assert.equal(feed.reads, 10, 'every page read from the store once');
  assert.equal(held, 1, 'never more than the page the slow reader has yet to take');
  assert.deepEqual(fast.seen, lsns(1_000));
  assert.deepEqual(slow.seen, lsns(1_000));
  assert.equal(shared.held, 0);
});

test('a reader on another chain (a rebuild from older positions) is not waited for, and keeps nothing', async () => {
  const feed = new Feed(1_000);
  const shared = new SharedFeedReads({ maxLeadWaitMs: 5_000 });
  const live = placedReader(shared, feed, 100, 't50');
  const rebuild = placedReader(shared, feed, 100, 't0');
  const started = performance.now();
  for (let i = 0; i < 5; i += 1) await live.next();
  for (let i = 0; i < 5; i += 1) await rebuild.next();
  assert.ok(performance.now() - started < 2_000, 'neither waited for the other');
  assert.equal(feed.reads, 10);
  assert.equal(shared.held, 0, "no page kept: neither reader will come to the other one's pages");
});

test('a reader behind that stops reading delays the one ahead once, then they run apart', async () => {
  const feed = new Feed(1_000);
  const shared = new SharedFeedReads({ maxLeadWaitMs: 50 });
  const [fast, stuck] = [placedReader(shared, feed, 100), placedReader(shared, feed, 100)];
  const started = performance.now();
  for (let i = 0; i < 8; i += 1) await fast.next();
  const ms = performance.now() - started;
  assert.ok(ms >= 45 && ms < 1_000, `waited once (${ms.toFixed(0)} ms)`);
  assert.deepEqual(fast.seen, lsns(800));
  // The stuck reader comes back: its pages are still there for it, and then they meet again.
  while ((await stuck.next()) > 0);
  assert.deepEqual(stuck.seen, lsns(1_000));
});

test('a page filled from smaller responses: full ones are read on up to the page size, a short one ends it', async () => {
  const feed = new Feed(2_600);
  const iterator = feed.iterator('t0', 500);
  const fill = { request: 500, items: 2_000 };
  const first = await readPage(iterator, undefined, fill);
  assert.equal(first.result.length, 2_000, 'four full responses of 500, one page');
  assert.equal(feed.reads, 4);
  assert.equal(first.continuationToken, 't2000', 'goes on after the last change it holds');
  const second = await readPage(iterator, undefined, fill);
  assert.deepEqual(
    (second.result as { _lsn: number }[]).map((i) => i._lsn),
    lsns(2_600).slice(2_000),
    'the 500 full, then the 100 short: the head',
  );
  assert.equal(second.continuationToken, 't2600');
  assert.equal(feed.reads, 6, 'no read past a short response');
  const third = await readPage(iterator, undefined, fill);
  assert.equal(third.statusCode, 304);
  assert.equal(third.result.length, 0);
});

test('a filled page ends at the head without losing its continuation, and a failed response fails all of it', async () => {
  const feed = new Feed(1_000);
  const fill = { request: 500, items: 2_000 };
  const page = await readPage(feed.iterator('t0', 500), (c) => c, fill);
  assert.equal(
    page.statusCode,
    200,
    'the third response found the head (304): the page is the two before it',
  );
  assert.equal(page.result.length, 1_000);
  assert.equal(page.continuationToken, 't1000');
  const failing = new Feed(1_500);
  failing.failAfter = 1; // the first response comes back full, the second fails
  await assert.rejects(
    readPage(failing.iterator('t0', 500), undefined, fill),
    /feed down/,
    'no partial page: the reader reads again from where it was',
  );
  assert.equal(failing.reads, 2);
});

test('readers sharing filled pages: one fill per page from the store, every reader sees every change once', async () => {
  const feed = new Feed(4_000);
  const shared = new SharedFeedReads();
  const views = Array.from({ length: 3 }, () => {
    let position = 't0';
    const me = shared.join('range', { scope: 'feed', position });
    const seen: number[] = [];
    return {
      seen,
      async next(): Promise<void> {
        const at: PagePosition = {
          group: 'range',
          scope: 'feed',
          position,
          pageSize: 2_000,
          requestSize: 500,
        };
        const from = position;
        const page = await shared.read(at, () => feed.iterator(from, 500), undefined, { reader: me });
        position = page.continuationToken ?? position;
        for (const item of page.result as { _lsn: number }[]) seen.push(item._lsn);
      },
    };
  });
  for (let page = 0; page < 2; page += 1) await Promise.all(views.map((v) => v.next()));
  assert.equal(feed.reads, 8, 'two pages of four responses each, read once for the three readers');
  for (const v of views) assert.deepEqual(v.seen, lsns(4_000));
});
