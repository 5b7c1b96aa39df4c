// /api/pipeline against a real projector process (issue 19 item 4 and 6, issue 18 item 5): the projector writes
// its status document to the `status` container, the api reads it from there (it runs in other pods and cannot
// read the worker's memory). A stall is reproduced as in the projector's poison test: the catalog is gone while
// an order names an unknown movie, so the categories view cannot progress. An order the projector cannot count
// (Total 1e308) is set aside as a dead letter and shows in the current minute's count.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateCatalog, toStoredEvent, VIEW_DEFINITIONS, VIEW_KINDS, type Order } from '@marquee/domain';
import { CONTAINERS } from '@marquee/platform';
import { eventually, freePort, startReady, type ServiceProcess } from '@marquee/test-support';
import type { MarqueeApp } from '../src/index.ts';
import type { PipelineReport } from '../src/schemas/pipeline.ts';
import { startStore, testApp, type Store } from './reports-fixture.ts';

let store: Store;
let app: MarqueeApp;
let projector: ServiceProcess;

const movie = generateCatalog().movies[0]!;
const order = (i: number, productId: number, total: number): Order => ({
  OrderDate: '2026-11-22T10:00:00Z',
  PaymentTransactionId: `pipeline-test-${i}`,
  Total: total,
  Details: [{ Email: 'a@example.com', ProductId: productId, Quantity: 1, UnitPrice: total }],
});
const arrival = (i: number) => ({
  receivedAt: new Date(),
  source: { partitionId: '0', sequenceNumber: i, offset: String(i) },
});

before(async () => {
  store = await startStore();
  const opsPort = await freePort();
  projector = await startReady(
    {
      service: 'projector',
      env: {
        COSMOS_CONNECTION_STRING: store.connectionString,
        OPS_PORT: String(opsPort),
        LOG_LEVEL: 'warn',
        LEASE_RENEW_INTERVAL_MS: '500',
        LEASE_EXPIRATION_MS: '2000',
        LEASE_ACQUIRE_INTERVAL_MS: '500',
        MIN_BATCH_INTERVAL_MS: '0',
        CATALOG_POLL_MS: '60000',
        STALL_THRESHOLD_MS: '1500',
        STATUS_INTERVAL_MS: '300',
      },
    },
    `http://127.0.0.1:${opsPort}/readyz`,
  );
  app = testApp(store);
  await app.ready();
});

after(async () => {
  await projector?.stop();
  await app?.close();
  await store?.close();
});

async function report(): Promise<PipelineReport> {
  const res = await app.inject({ url: '/api/pipeline?minutes=15' });
  assert.equal(res.statusCode, 200, res.body);
  return res.json<PipelineReport>();
}
const stage = (r: PipelineReport, name: string) => r.stages.find((s) => s.stage === name);
const events = () => store.client.database('marquee').container('events');

test('the projector reports its leases per view; a dead letter shows in the current minute', async () => {
  await events().items.create(toStoredEvent(order(1, movie.movieId, 1e308), arrival(1)));
  await events().items.create(toStoredEvent(order(2, movie.movieId, 9.99), arrival(2)));
  const r = await eventually(
    async () => {
      const r = await report();
      assert.equal(r.deadLetters.perMinute.length, 15);
      assert.equal(r.deadLetters.perMinute.at(-1)?.count, 1, 'set aside this minute');
      const projector = stage(r, 'projector');
      assert.equal(projector?.status, 'ok');
      assert.deepEqual([...new Set(projector?.units.map((u) => u.group))].sort(), [...VIEW_KINDS].sort());
      return r;
    },
    { timeoutMs: 30_000, intervalMs: 500 },
  );
  assert.equal(r.deadLetters.total, 1);
  assert.equal(stage(r, 'ingest')?.status, 'not-reporting', 'no ingest runs here');
  assert.ok(stage(r, 'exporter'), 'a slot for the exporter');
});

test('a stall shows as "stalled" with how long, naming the lease and view; then it recovers', async () => {
  const database = store.client.database('marquee');
  await database.container('catalog').delete();
  await events().items.create(toStoredEvent(order(3, 99_999_999, 2.5), arrival(3)));
  const stalled = await eventually(
    async () => {
      const projector = stage(await report(), 'projector');
      assert.equal(projector?.status, 'stalled');
      assert.ok((projector?.stalledForSeconds ?? 0) >= 2, `${projector?.stalledForSeconds} s`);
      return projector;
    },
    { timeoutMs: 30_000, intervalMs: 500 },
  );
  // Only the views that look products up in the catalog can be stuck on it: categories, the funnel.
  const catalogViews = VIEW_KINDS.filter((kind) => VIEW_DEFINITIONS[kind].usesCatalog === true);
  const units = stalled.units.filter((u) => u.stalled);
  assert.ok(units.length > 0, 'a stalled lease');
  assert.ok(
    units.every((u) => catalogViews.includes(u.group as (typeof catalogViews)[number])),
    JSON.stringify(units),
  );
  assert.ok(
    units.some((u) => u.group === 'categories'),
    JSON.stringify(units),
  );

  await database.containers.createIfNotExists(CONTAINERS.catalog);
  await eventually(async () => assert.equal(stage(await report(), 'projector')?.status, 'ok'), {
    timeoutMs: 30_000,
    intervalMs: 500,
  });
});

test('a projector that stops cleanly takes its status with it', async () => {
  await projector.stop();
  await eventually(async () => assert.equal(stage(await report(), 'projector')?.status, 'not-reporting'), {
    timeoutMs: 10_000,
    intervalMs: 300,
  });
});
