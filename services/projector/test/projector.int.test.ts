// 20,000 orders backfilled over 3 days (~1% resent, ~1% malformed) → Event Hubs → ingest → events → projector:
// every movie, category, hour and day equals the ground truth computed from what datagen recorded.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { VIEW_KINDS } from '@marquee/domain';
import { eventually } from '@marquee/test-support';
import { expectedViews, totalOrders, uniqueOrders } from './support/ground-truth.ts';
import {
  counterTotal,
  ORDER_COUNT,
  sendBackfill,
  startPipeline,
  startProjector,
  type Pipeline,
} from './support/pipeline.ts';
import { assertSameViews, ordersProjected, readViews } from './support/read-views.ts';

describe('projector on the local stack', () => {
  let pipeline: Pipeline;

  before(async () => {
    pipeline = await startPipeline();
  });

  after(async () => {
    await pipeline?.stop();
  });

  test(`${ORDER_COUNT} backfilled orders: every view equals the ground truth, to the cent`, async () => {
    const started = Date.now();
    const out = path.join(pipeline.dir, 'sent.jsonl');
    // The projector starts while the backfill is sent: Event Hubs and `events` hold what it has not read yet.
    // Production lease timings (renew 1 s, expiry 5 s), not the fast ones the crash tests use.
    const [replica, sending] = await Promise.allSettled([
      startProjector(pipeline.stack, 'replica-1', {
        LEASE_RENEW_INTERVAL_MS: '1000',
        LEASE_EXPIRATION_MS: '5000',
        LEASE_ACQUIRE_INTERVAL_MS: '1000',
      }),
      sendBackfill(pipeline.stack, out),
    ]);
    if (replica.status === 'rejected') throw replica.reason;
    const projector = replica.value;
    try {
      if (sending.status === 'rejected') throw sending.reason;
      const sent = sending.value;
      const sentAt = Date.now();
      const expected = expectedViews((await uniqueOrders([out])).values());
      assert.ok(sent.invalid > 0 && sent.duplicates > 0, 'the mix has malformed and resent orders');
      await eventually(
        async () => assert.equal(await ordersProjected(pipeline.views), totalOrders(expected)),
        {
          timeoutMs: 150_000,
          intervalMs: 1_000,
        },
      );
      const doneAt = Date.now();
      // Every view, in full: the hour view reaching the total does not prove the others did.
      await eventually(async () => assertSameViews(await readViews(pipeline.views), expected), {
        // The funnel writes the most docs per batch and may end last: its own wait, well past orders-hour's.
        timeoutMs: 120_000,
        intervalMs: 1_000,
      });
      const metrics = await projector.metrics();
      const writes = counterTotal(metrics, 'projector_view_writes_total');
      // Categories: one doc per order (top movies counts an order once per id-range doc its lines land in).
      const applied = counterTotal(metrics, 'projector_events_applied_total', 'view="categories"');
      assert.equal(applied, totalOrders(expected), 'each order applied once to categories');
      const skipped = counterTotal(metrics, 'projector_events_skipped_total');
      const lost = projector.process.logs.filter((l) => l.includes('lease lost'));
      const cpu = counterTotal(metrics, 'process_cpu_seconds_total');
      const loopLag = counterTotal(metrics, 'nodejs_eventloop_lag_p99_seconds');
      process.stdout.write(
        `# ${ORDER_COUNT} orders: sent in ${((sentAt - started) / 1000).toFixed(1)} s, ` +
          `projected ${((doneAt - sentAt) / 1000).toFixed(1)} s after the last send; ` +
          `${writes} view writes for ${applied} unique orders × ${VIEW_KINDS.length} views ` +
          `(${((writes / (applied * VIEW_KINDS.length)) * 1000).toFixed(0)} per 1,000 applications), ${skipped} redelivered and skipped, ${lost.length} leases lost; ` +
          `projector CPU ${cpu.toFixed(1)} s, event loop lag p99 ${(loopLag * 1000).toFixed(0)} ms\n`,
      );
      // A graceful stop checkpoints and exits 0.
      const exit = await projector.process.stop();
      assert.equal(exit.code, 0, projector.process.logs.slice(-5).join('\n'));
    } finally {
      projector.process.kill();
    }
  });
});
