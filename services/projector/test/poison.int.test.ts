// Bad input cannot stall the projector, and a stall it cannot help is reported. On a private Cosmos emulator,
// events written straight into `events` (bypassing ingest's validation):
//  - an order of Total/UnitPrice 1e308 then 40 valid ones: all 40 counted to the cent, the bad one set aside
//    in `deadletters` (stage: projector) with its reason (it used to stop every view on its lease for good);
//  - the catalog gone while an order names an unknown movie: the categories view cannot progress, /readyz
//    says degraded naming the lease, and the stuck-seconds gauge climbs; once the catalog is back, it recovers.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CosmosClient, type Database } from '@azure/cosmos';
import { startCosmosEmulator, type RunningCosmosEmulator } from '@marquee/cosmos-emulator';
import { generateCatalog, toStoredEvent, type Order } from '@marquee/domain';
import { CONTAINERS } from '@marquee/platform';
import { seed } from '@marquee/seed';
import { eventually, freePort, metricTotal, startReady, type ServiceProcess } from '@marquee/test-support';
import { pino } from 'pino';
import { expectedViews } from './support/ground-truth.ts';
import { FAST_LEASES } from './support/pipeline.ts';
import { assertSameViews, readViews } from './support/read-views.ts';

const movies = generateCatalog().movies.slice(0, 5);

function order(i: number, lines: Array<[number, number, number]>, total?: number): Order {
  return {
    OrderDate: `2026-11-22T1${i % 3}:${String(i % 60).padStart(2, '0')}:00Z`,
    PaymentTransactionId: `poison-test-${i}`,
    Total: total ?? Math.round(lines.reduce((s, [, q, p]) => s + q * p, 0) * 100) / 100,
    Details: lines.map(([ProductId, Quantity, UnitPrice]) => ({
      Email: 'a@example.com',
      ProductId,
      Quantity,
      UnitPrice,
    })),
  };
}

const arrival = (i: number) => ({
  receivedAt: new Date('2026-11-22T12:00:00Z'),
  source: { partitionId: '0', sequenceNumber: i, offset: String(i) },
});

describe('projector against poison and stalls', () => {
  let emulator: RunningCosmosEmulator;
  let client: CosmosClient;
  let database: Database;
  let projector: { process: ServiceProcess; opsUrl: string; metrics(): Promise<string> };

  before(async () => {
    emulator = await startCosmosEmulator({ port: 0, logger: pino({ level: 'warn' }) });
    client = new CosmosClient(emulator.connectionString);
    await seed(client, 'marquee');
    database = client.database('marquee');
    const opsUrl = `http://127.0.0.1:${await freePort()}`;
    const env = {
      ...FAST_LEASES,
      COSMOS_CONNECTION_STRING: emulator.connectionString,
      OPS_PORT: opsUrl.split(':').at(-1)!,
      LOG_LEVEL: 'warn',
      MIN_BATCH_INTERVAL_MS: '0',
      CATALOG_POLL_MS: '60000',
      STALL_THRESHOLD_MS: '1500',
    };
    const service = await startReady({ service: 'projector', env }, `${opsUrl}/readyz`);
    projector = { process: service, opsUrl, metrics: async () => (await fetch(`${opsUrl}/metrics`)).text() };
  });

  after(async () => {
    await projector?.process.stop();
    client?.dispose();
    await emulator?.close();
  });

  test('a 1e308 order then 40 valid ones: the 40 counted to the cent, the bad one set aside with its reason', async () => {
    const events = database.container('events');
    const bad = toStoredEvent(order(0, [[movies[0]!.movieId, 1, 1e308]], 1e308), arrival(0));
    await events.items.create(bad);
    const valid = Array.from({ length: 40 }, (_, k) =>
      order(k + 1, [
        [movies[k % 5]!.movieId, 1 + (k % 3), 4.99],
        [movies[(k + 2) % 5]!.movieId, 2, 3.49],
      ]),
    );
    for (const [k, o] of valid.entries()) await events.items.create(toStoredEvent(o, arrival(k + 1)));

    const expected = expectedViews(valid);
    await eventually(async () => assertSameViews(await readViews(database.container('views')), expected), {
      timeoutMs: 30_000,
      intervalMs: 250,
    });
    const { resource: record } = await database
      .container('deadletters')
      .item(`projector.${bad.id}`, `projector.${bad.id}`)
      .read<{ stage: string; eventId: string; reasons: string[] }>();
    assert.equal(record?.stage, 'projector');
    assert.equal(record?.eventId, bad.id);
    assert.match(record?.reasons[0] ?? '', /1e\+308 is too large to count in cents/);
    const metrics = await projector.metrics();
    // One record for every view that folds it, counted by the write that created it: redeliveries add nothing.
    assert.match(metrics, /^projector_events_quarantined_total\{view="all"[^}]*\} 1$/m);
    assert.equal(metricTotal(metrics, 'projector_events_quarantined_total'), 1, 'once, whatever redelivers');
    assert.equal((await fetch(`${projector.opsUrl}/readyz`)).status, 200);
  });

  test('a view that cannot progress: /readyz says degraded naming it, the stuck gauge climbs; then it recovers', async () => {
    await database.container('catalog').delete();
    const unknownMovie = 99_999_999;
    const stuck = toStoredEvent(order(100, [[unknownMovie, 1, 2.5]]), arrival(100));
    await database.container('events').items.create(stuck);

    const readyz = async () => {
      const res = await fetch(`${projector.opsUrl}/readyz`);
      return {
        status: res.status,
        body: (await res.json()) as { status: string; checks: Record<string, { detail?: string }> },
      };
    };
    await eventually(
      async () => {
        const { status, body } = await readyz();
        assert.equal(status, 503);
        assert.equal(body.status, 'degraded');
        assert.match(body.checks.progress?.detail ?? '', /categories lease .* for \d+ s/);
      },
      { timeoutMs: 20_000, intervalMs: 250 },
    );
    const gauge = (await projector.metrics())
      .split('\n')
      .filter((l) => l.startsWith('projector_lease_stuck_seconds{view="categories"'));
    assert.ok(
      gauge.some((l) => Number(l.split(' ').at(-1)) > 1.5),
      gauge.join('\n'),
    );

    await database.containers.createIfNotExists(CONTAINERS.catalog);
    await eventually(async () => assert.equal((await readyz()).status, 200), {
      timeoutMs: 20_000,
      intervalMs: 250,
    });
    const categories = (await readViews(database.container('views'))).categories;
    assert.equal(categories['0']?.revenue, 250, 'counted under Unknown once the catalog answers again');
  });
});
