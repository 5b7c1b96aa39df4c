// A reader ahead waits (a bounded time) for a reader of its range standing before it by LSN, so that it catches
// up and cuts in where the leader stands; a wait that runs out is not waited again until they meet.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ReaderLeads } from '../src/processing/lead-wait.ts';
import { SharedFeedReads } from '../src/processing/shared-reads.ts';
import { FakeFeed, lsnRange, shortTokens } from './support/fake-feed.ts';
import { feedReader, readToHead, tick, type FeedReader } from './support/feed-reader.ts';

const positionLsn = shortTokens.lsnOf;

/** How long each of `pages` reads of `reader` took, in ms. */
async function timedReads(reader: FeedReader, pages: number): Promise<number[]> {
  const took: number[] = [];
  for (let i = 0; i < pages; i += 1) {
    const started = performance.now();
    await reader.next();
    took.push(performance.now() - started);
  }
  return took;
}

test('the leader waits for a reader behind it by LSN, which catches up and cuts in: then they share every page', async () => {
  // Given a reader at t250 and one at t0 that reads a page every few ms
  const feed = new FakeFeed(1_000);
  const shared = new SharedFeedReads({ positionLsn, maxLeadWaitMs: 5_000 });
  const ahead = feedReader(shared, feed, 't250');
  const behind = feedReader(shared, feed, 't0');
  const started = performance.now();
  // When the one ahead reads
  let aheadRead = false;
  const first = ahead.next().then((page) => {
    aheadRead = true;
    return page;
  });
  // Then it reads nothing while the one behind reads its way up to t250
  for (let i = 0; i < 3; i += 1) {
    await tick(10);
    assert.equal(aheadRead, false, `still waiting before page ${i + 1} of the one behind`);
    await behind.next();
  }
  assert.equal(behind.pages.at(-1)?.token, 't250', 'the one behind cut its page where the leader stands');
  // And goes on as soon as they meet, long before its wait would run out
  assert.deepEqual((await first).lsns, lsnRange(251, 350));
  assert.ok(performance.now() - started < 2_500, 'the leader went on when they met');
  // And from there each page is read once for both
  await Promise.all([readToHead(ahead), readToHead(behind)]);
  assert.deepEqual(behind.seen, lsnRange(1, 1_000));
  assert.deepEqual(ahead.seen, lsnRange(251, 1_000));
  // 21 pages handed out: 3 alone, 8 of changes and one at the head for each; the 8 were read once
  const { read, shared: fromMemory } = shared.stats;
  assert.equal(read + fromMemory, 21);
  assert.ok(fromMemory >= 8, `every page of changes shared (${read} read, ${fromMemory} shared)`);
});

test('a reader behind by LSN that does not read delays the leader once, not on every page', async () => {
  const feed = new FakeFeed(2_000);
  const shared = new SharedFeedReads({ positionLsn, maxLeadWaitMs: 100 });
  const ahead = feedReader(shared, feed, 't250');
  const stuck = feedReader(shared, feed, 't0');
  const took = await timedReads(ahead, 8);
  assert.equal(took.filter((ms) => ms >= 90).length, 1, `one wait (${took.map((ms) => ms.toFixed(0))} ms)`);
  assert.deepEqual(ahead.seen, lsnRange(251, 1_050));
  // When the stuck one comes back it reads on its own and joins the leader where it stands
  for (let page = 0; page < 20 && stuck.position !== ahead.position; page += 1) await stuck.next();
  assert.equal(stuck.pages.at(-1)?.token, 't1050');
  await readToHead(stuck);
  assert.deepEqual(stuck.seen, lsnRange(1, 2_000));
});

test('a reader far behind that keeps reading on its own delays the leader once, then cuts in where it stands', async () => {
  const feed = new FakeFeed(2_000);
  const shared = new SharedFeedReads({ positionLsn, maxLeadWaitMs: 100 });
  const ahead = feedReader(shared, feed, 't1050');
  const far = feedReader(shared, feed, 't0');
  const farReads = (async () => {
    // A page each 20 ms: far too slow to reach t1050 within the leader's wait.
    for (let page = 0; page < 30 && far.position !== 't1550'; page += 1) {
      await far.next();
      await tick(20);
    }
  })();
  const took = await timedReads(ahead, 5);
  assert.equal(took.filter((ms) => ms >= 90).length, 1, `one wait (${took.map((ms) => ms.toFixed(0))} ms)`);
  assert.equal(ahead.position, 't1550');
  // The far one goes on alone and cuts in where the leader stopped
  await farReads;
  assert.deepEqual(far.pages.at(-1), { lsns: lsnRange(1_501, 1_550), token: 't1550', etag: '"1550"' });
  await Promise.all([readToHead(ahead), readToHead(far)]);
  assert.deepEqual(far.seen, lsnRange(1, 2_000));
  assert.deepEqual(ahead.seen, lsnRange(1_051, 2_000));
});

test('a wait for a reader behind by LSN that runs out does not hold the range apart: the chain waits go on', async () => {
  // Given two readers in step at t1000, and a third at t0 that does not read
  const feed = new FakeFeed(2_000);
  const shared = new SharedFeedReads({ positionLsn, maxLeadWaitMs: 100 });
  const [ahead, inStep] = [feedReader(shared, feed, 't1000'), feedReader(shared, feed, 't1000')];
  feedReader(shared, feed, 't0');
  // When the one ahead runs, while the other is busy until the wait ran out, then applies each page for 20 ms
  let held = 0;
  const aheadRuns = (async () => {
    for (let i = 0; i < 5; i += 1) {
      await ahead.next();
      held = Math.max(held, shared.held);
    }
  })();
  await tick(150);
  for (let i = 0; i < 5; i += 1) {
    await inStep.next();
    held = Math.max(held, shared.held);
    await tick(20);
  }
  await aheadRuns;
  // Then after its one wait for the stuck reader, it still waits for the one in step: one page kept at most
  assert.equal(held, 1, 'never more than the page the one in step has yet to take');
  assert.equal(feed.reads, 5);
  assert.deepEqual(inStep.seen, lsnRange(1_001, 1_500));
});

test('at the head a reader does not wait for one behind it by LSN: the views poll each on its own', async () => {
  // Given a reader that read to the head (its last page not full), and then one joining from far behind
  const feed = new FakeFeed(1_050);
  const shared = new SharedFeedReads({ positionLsn, maxLeadWaitMs: 100 });
  const ahead = feedReader(shared, feed, 't1000');
  assert.deepEqual((await ahead.next()).lsns, lsnRange(1_001, 1_050));
  feedReader(shared, feed, 't0');
  // When new changes come and it polls
  feed.add(10);
  const took = await timedReads(ahead, 1);
  // Then it reads them at once
  assert.ok((took[0] as number) < 50, `no wait (${took[0]?.toFixed(0)} ms)`);
  assert.deepEqual(ahead.seen, lsnRange(1_001, 1_060));
});

test('an outrun reader is not waited for by LSN until it reads where others read; then it is again', async () => {
  const leads = new ReaderLeads(50, 16, () => undefined, positionLsn);
  const noPages = (): undefined => undefined;
  const leader = leads.join('range', { scope: 'feed', position: 't500' });
  const laggard = leads.join('range', { scope: 'feed', position: 't100' });
  const waited = async (position: string): Promise<number> => {
    const started = performance.now();
    leader.position = position;
    await leads.waitForLaggards(leader, 'feed', position, noPages, undefined);
    return performance.now() - started;
  };
  assert.ok((await waited('t500')) >= 45, 'the first wait runs out');
  assert.equal(laggard.outrun, true);
  assert.ok((await waited('t600')) < 40, 'not waited for again');
  // Reading on its own, still behind: still outrun
  laggard.position = 't300';
  leads.arrived(laggard, false);
  assert.equal(laggard.outrun, true);
  // Reading where the leader stands: with the others again, and waited for once it falls behind
  laggard.position = 't600';
  leads.arrived(laggard, false);
  assert.equal(laggard.outrun, false);
  laggard.position = 't550';
  assert.ok((await waited('t700')) >= 45, 'waited for again');
  // A kept page at its position is where others read, too
  leads.arrived(laggard, true);
  assert.equal(laggard.outrun, false);
});
