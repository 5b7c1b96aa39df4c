// Two regions, driven only through the official SDK: the client discovers both from the account metadata,
// reads and writes in its preferred region, and follows when that region goes dark and the writes move
// (service-managed failover), and when the write region is moved by hand while both are up.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CosmosClient, type Container } from '@azure/cosmos';
import pino from 'pino';
import { startCosmosEmulator, type RunningCosmosEmulator } from '../src/index.ts';

const REGIONS = ['Region 1', 'Region 2'];
let emulator: RunningCosmosEmulator;
let client: CosmosClient;
let container: Container;

const hostOf = (url: string | undefined): string => new URL(url ?? 'http://none/').host;

before(async () => {
  emulator = await startCosmosEmulator({ port: 0, logger: pino({ level: 'silent' }), regions: REGIONS });
  client = new CosmosClient({
    endpoint: emulator.endpoint,
    key: emulator.key,
    // The SDK moves on its own after a 403/3 or an unresolvable host; a refused connection it leaves to its
    // background refresh of the account's regions, every 5 minutes by default: Marquee sets it shorter.
    connectionPolicy: {
      enableEndpointDiscovery: true,
      preferredLocations: REGIONS,
      endpointRefreshRateInMs: 300,
    },
  });
  const { database } = await client.databases.createIfNotExists({ id: 'regions' });
  ({ container } = await database.containers.createIfNotExists({ id: 'docs', partitionKey: '/pk' }));
});

after(async () => {
  client?.dispose();
  await emulator?.close();
});

test('the account lists both regions and the SDK writes to the write region it discovered', async () => {
  const { resource } = await client.getDatabaseAccount();
  assert.deepEqual(
    resource?.writableLocations.map((l) => l.name),
    ['Region 1'],
  );
  assert.deepEqual(
    resource?.readableLocations.map((l) => l.name),
    REGIONS,
  );
  const written = await container.items.create({ id: 'a', pk: 'p', n: 1 });
  assert.equal(
    hostOf(written.diagnostics.clientSideRequestStatistics.locationEndpointsContacted[0]),
    hostOf(emulator.regions?.endpoints['Region 1']),
  );
});

test('region 1 goes dark: the write region moves, and reads, writes and etag-guarded replaces carry on in region 2', async () => {
  const regions = emulator.regions!;
  const { resource: before, etag } = await container.item('a', 'p').read();
  assert.equal(before?.n, 1);
  await regions.setOnline('Region 1', false, 300);
  // Connections to region 1 are refused until the write region moves and the client's next refresh of the
  // account sees it: a service retries such a write as transient, as here.
  let replaced;
  for (let attempt = 0; replaced === undefined; attempt++) {
    try {
      replaced = await container
        .item('a', 'p')
        .replace({ id: 'a', pk: 'p', n: 2 }, { accessCondition: { type: 'IfMatch', condition: etag } });
    } catch (err) {
      assert.equal((err as { code?: string }).code, 'ECONNREFUSED');
      assert.ok(attempt < 50, 'the client moved to region 2 within 5 s');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  assert.equal(replaced.resource?.n, 2);
  assert.equal(regions.writeRegion, 'Region 2');
  const contacted = replaced.diagnostics.clientSideRequestStatistics.locationEndpointsContacted.map(hostOf);
  assert.ok(contacted.includes(hostOf(regions.endpoints['Region 2'])), `contacted ${contacted.join(', ')}`);
  // The guard still holds across the failover: the old etag is refused.
  await assert.rejects(
    container
      .item('a', 'p')
      .replace({ id: 'a', pk: 'p', n: 3 }, { accessCondition: { type: 'IfMatch', condition: etag } }),
    (err: { code?: number }) => err.code === 412,
  );
  assert.equal((await container.item('a', 'p').read()).resource?.n, 2);
});

test('a manual failover while both regions are up: a write sent to the old region is refused and redirected', async () => {
  const regions = emulator.regions!;
  await regions.setOnline('Region 1', true);
  regions.failover('Region 1');
  const fresh = new CosmosClient({
    endpoint: emulator.endpoint,
    key: emulator.key,
    connectionPolicy: { enableEndpointDiscovery: true, preferredLocations: REGIONS },
  });
  try {
    const docs = fresh.database('regions').container('docs');
    await docs.items.create({ id: 'b', pk: 'p' });
    regions.failover('Region 2');
    // The client still thinks Region 1 writes: it gets 403/3, refreshes the account and writes in Region 2.
    const moved = await docs.items.create({ id: 'c', pk: 'p' });
    assert.equal(moved.statusCode, 201);
    const { resources } = await docs.items.query('SELECT VALUE c.id FROM c').fetchAll();
    assert.deepEqual(resources.sort(), ['a', 'b', 'c']);
  } finally {
    fresh.dispose();
  }
});
