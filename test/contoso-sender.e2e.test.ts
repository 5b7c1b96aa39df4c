// Contoso's own kind of producer, end to end: a C# sender (interop/dotnet/ContosoSender, the official .NET
// Event Hubs SDK) sends UTF-8 JSON orders with an empty PaymentTransactionId, Region1 to one hub and Region2 to
// another. One ingest consuming both hubs (EVENTHUB_NAMES) and the projector run as processes
// on a private stack. Every order must be stored once and the views must count exactly what was sent.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CosmosClient } from '@azure/cosmos';
import { seed } from '@marquee/seed';
import {
  eventually,
  freePort,
  stackEnv,
  startLocalStack,
  startReady,
  startWorker,
  type LocalStack,
  type ServiceProcess,
} from './support/index.ts';
import { buildDotnet, dotnetRun } from './support/dotnet.ts';

const HUBS = ['region1', 'region2'];
const ORDERS = 240;
/** Four services start at once beside a stack on 2 cores: give each more than the usual minute. */
const READY_MS = 120_000;

interface SentOrder {
  Region: string;
  Total: number;
  PaymentTransactionId: string;
  Details: { Quantity: number; UnitPrice: number }[];
}
interface HourlyReport {
  series: { orders: number; revenue: number; units: number }[];
}

const cents = (dollars: number): number => Math.round(dollars * 100);

let stack: LocalStack;
let api: string;
let work: string;
const services: ServiceProcess[] = [];

before(async () => {
  await buildDotnet();
  work = mkdtempSync(path.join(tmpdir(), 'contoso-sender-'));
  const hubsFile = path.join(work, 'hubs.json');
  writeFileSync(hubsFile, JSON.stringify({ hubs: HUBS.map((name) => ({ name, partitionCount: 2 })) }));
  stack = await startLocalStack({ ports: 'free', eventHubsConfigFile: hubsFile });
  const client = new CosmosClient(stack.connections.cosmos);
  await seed(client, 'marquee');
  client.dispose();

  const apiPort = await freePort();
  api = `http://127.0.0.1:${apiPort}`;
  const started = await Promise.allSettled([
    // One ingest consumes both hubs, each with its own checkpoints.
    startWorker(
      stack,
      'ingest',
      { EVENTHUB_NAMES: HUBS.join(','), MAX_WAIT_TIME_SECONDS: '1' },
      READY_MS,
    ).then((w) => w.process),
    startWorker(
      stack,
      'projector',
      { POLL_INTERVAL_MS: '50', LEASE_ACQUIRE_INTERVAL_MS: '500' },
      READY_MS,
    ).then((w) => w.process),
    startReady(
      {
        service: 'api',
        env: {
          ...stackEnv(stack),
          PORT: String(apiPort),
          HOST: '127.0.0.1',
          OPS_PORT: '0',
          ADMIN_ROUTES: 'false',
        },
      },
      `${api}/readyz`,
      READY_MS,
    ),
  ]);
  for (const result of started) if (result.status === 'fulfilled') services.push(result.value);
  const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
});

after(async () => {
  await Promise.all(services.map((s) => s.stop()));
  await stack?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

test('orders from the C# sender through two hubs are stored once and counted exactly', async (t) => {
  const record = path.join(work, 'sent.jsonl');
  const started = performance.now();
  const elapsed = (): string => `${Math.round((performance.now() - started) / 1000)} s`;
  const sent = await dotnetRun(
    'ContosoSender',
    ['--count', String(ORDERS), '--hubs', HUBS.join(','), '--seed', '7', '--out', record],
    { EVENTHUB_CONNECTION_STRING: stack.connections.eventHubs },
  );
  assert.equal(sent.code, 0, sent.output);
  t.diagnostic(`${sent.output.trim()} (after ${elapsed()})`);

  const lines = readFileSync(record, 'utf8').trim().split('\n');
  const records = lines.map((line) => JSON.parse(line) as { hub: string; body: string });
  const orders = records.map((r) => JSON.parse(r.body) as SentOrder);
  assert.equal(orders.length, ORDERS);
  // The shape Contoso sends: no transaction id, each region on its own hub, non-ASCII names as UTF-8.
  assert.ok(orders.every((o) => o.PaymentTransactionId === ''));
  records.forEach((r, i) => assert.equal(r.hub, orders[i]?.Region === 'Region1' ? 'region1' : 'region2'));
  const expected = {
    orders: ORDERS,
    revenue: orders.reduce((sum, o) => sum + cents(o.Total), 0),
    units: orders.reduce((sum, o) => sum + o.Details.reduce((n, d) => n + d.Quantity, 0), 0),
  };

  const cosmos = new CosmosClient(stack.connections.cosmos);
  try {
    const events = cosmos.database('marquee').container('events');
    await eventually(
      async () => {
        const { resources } = await events.items.query<number>('SELECT VALUE COUNT(1) FROM c').fetchAll();
        assert.equal(resources[0], ORDERS, 'every order is stored, and only once');
      },
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    t.diagnostic(`every order stored after ${elapsed()}`);
    await eventually(
      async () => {
        const report = (await (
          await fetch(`${api}/api/reports/orders/hourly?hours=24`)
        ).json()) as HourlyReport;
        const seen = report.series.reduce(
          (acc, h) => ({
            orders: acc.orders + h.orders,
            revenue: acc.revenue + cents(h.revenue),
            units: acc.units + h.units,
          }),
          { orders: 0, revenue: 0, units: 0 },
        );
        assert.deepEqual(seen, expected, 'the views count exactly what was sent');
      },
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    t.diagnostic(`views exact after ${elapsed()}`);
  } finally {
    cosmos.dispose();
  }
});
