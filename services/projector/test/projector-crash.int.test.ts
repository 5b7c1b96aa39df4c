// The same pipeline while replicas come and go: the projector is SIGKILLed twice mid-stream, two more
// replicas join half way (then three writers share the hot docs), and one leaves gracefully (SIGTERM, as a
// KEDA scale-down does: it finishes its batch, checkpoints and frees its leases). Batches in flight are lost,
// leases expire and move, batches are redelivered (longer, since the feed grew): the views still end exactly
// equal to the ground truth. Both event families flow: beside the orders, datagen sends the website sessions
// behind some of them to the clickstream hub, whose own ingest is SIGKILLed once too (it reads on from its
// checkpoints, the resent clicks are refused by their content id), and the funnel must end exact as well.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { eventually } from '@marquee/test-support';
import { uniqueClicks } from './support/funnel-truth.ts';
import { expectedViews, totalOrders, uniqueOrders } from './support/ground-truth.ts';
import { rangePlacement } from './support/lease-placement.ts';
import {
  counterTotal,
  ORDER_COUNT,
  sendBackfill,
  startPipeline,
  startProjector,
  type Pipeline,
  type Replica,
} from './support/pipeline.ts';
import { assertSameViews, ordersProjected, readViews } from './support/read-views.ts';

const TIME_ZONE = 'Asia/Kolkata'; // +05:30: day buckets that do not line up with UTC hours
/** Orders sent with their sessions (about ten clicks each at these rates), beside the plain backfill. */
const SESSION_ORDERS = Number(process.env.PROJECTOR_TEST_SESSION_ORDERS ?? 400);
const CONVERSION = { viewToCart: 0.5, cartToCheckout: 0.7, checkoutToOrder: 0.8 };

describe('projector replicas killed and added mid-stream', () => {
  let pipeline: Pipeline;
  const replicas: Replica[] = [];

  before(async () => {
    pipeline = await startPipeline({}, { clickstream: true });
  });

  after(async () => {
    for (const r of replicas) r.process.kill();
    await pipeline?.stop();
  });

  const start = async (name: string): Promise<Replica> => {
    // Responses of 100 fill each page of up to 2,000 from many: kills land between a page's responses too.
    const replica = await startProjector(pipeline.stack, name, {
      REPORT_TIMEZONE: TIME_ZONE,
      FEED_READ_ITEMS: '100',
    });
    replicas.push(replica);
    return replica;
  };
  const reach = (share: number) =>
    eventually(
      async () =>
        assert.ok((await ordersProjected(pipeline.views)) >= ORDER_COUNT * share, `${share} projected`),
      { timeoutMs: 120_000, intervalMs: 200 },
    );

  test('killed twice (SIGKILL), joined by two more replicas, one scaled down (SIGTERM): the views end exact', async () => {
    const out = path.join(pipeline.dir, 'sent.jsonl');
    const sessionsOut = path.join(pipeline.dir, 'sessions.jsonl');
    const a = await start('replica-a');
    const sending = sendBackfill(pipeline.stack, out);
    const clicking = sendBackfill(pipeline.stack, sessionsOut, {
      seed: 1811,
      count: SESSION_ORDERS,
      rate: SESSION_ORDERS / 8, // spread over the first seconds of the run, kills included
      clickstream: { rates: CONVERSION },
    });
    await reach(0.15);
    a.process.kill('SIGKILL');
    pipeline.clickIngest?.kill('SIGKILL');
    const b = await start('replica-b');
    await pipeline.restartClickIngest();
    await reach(0.4);
    // Two more replicas: leases are rebalanced, three writers share the hot docs from here on.
    const [c, e] = await Promise.all([start('replica-c'), start('replica-e')]);
    await reach(0.6);
    b.process.kill('SIGKILL');
    const d = await start('replica-d');
    await reach(0.75);
    // Scale down by one while the feed is still being projected: a graceful leave hands its leases over.
    const leavingMetrics = await c.metrics();
    const left = await c.process.stop();
    assert.equal(left.code, 0, c.process.logs.slice(-5).join('\n'));
    const [, sessions] = await Promise.all([sending, clicking]);
    const clicks = await uniqueClicks([sessionsOut]);
    assert.ok(clicks.length > SESSION_ORDERS * 5, `${clicks.length} clicks from ${sessions.clicks} sent`);

    const orders = (await uniqueOrders([out, sessionsOut])).values();
    const expected = expectedViews(orders, TIME_ZONE, new Map(), clicks);
    await eventually(async () => assert.equal(await ordersProjected(pipeline.views), totalOrders(expected)), {
      timeoutMs: 150_000,
      intervalMs: 1_000,
    });
    await eventually(async () => assertSameViews(await readViews(pipeline.views), expected), {
      // The funnel writes the most docs per batch and may end last: its own wait, well past orders-hour's.
      timeoutMs: 120_000,
      intervalMs: 1_000,
    });
    // Every range's five view leases end in one replica (placed together), whatever the kills and joins did.
    await eventually(
      async () => {
        const placement = await rangePlacement(pipeline);
        assert.equal(
          placement.together,
          placement.ranges,
          JSON.stringify(Object.fromEntries(placement.owners)),
        );
      },
      { timeoutMs: 30_000, intervalMs: 500 },
    );
    const survivors = [d, e];
    const texts = [leavingMetrics, ...(await Promise.all(survivors.map((r) => r.metrics())))];
    const skipped = texts.reduce((n, t) => n + counterTotal(t, 'projector_events_skipped_total'), 0);
    const conflicts = texts.reduce((n, t) => n + counterTotal(t, 'projector_write_conflicts_total'), 0);
    process.stdout.write(
      `# surviving replicas: ${skipped} redelivered events skipped, ${conflicts} ETag conflicts retried\n`,
    );
    for (const r of survivors) {
      const exit = await r.process.stop();
      assert.equal(exit.code, 0, r.process.logs.slice(-5).join('\n'));
    }
  });
});
