import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ConfigError,
  eventHubAddressOf,
  isConnectionString,
  loadConfig,
  readCosmosAddress,
  readEventHubNames,
  type EnvReader,
} from '../src/index.ts';

const shared = { name: 'EVENTHUB_CONNECTION_STRING', value: 'Endpoint=sb://shared' };
const hubsOf = (e: EnvReader) =>
  readEventHubNames(e, 'orders').map((name) => ({ name, address: eventHubAddressOf(e, name, shared) }));

test('EVENTHUB_NAMES lists the hubs; a hub in another namespace has its own address', () => {
  const hubs = loadConfig(
    {
      EVENTHUB_NAMES: ' orders-region1 , orders-region2,',
      EVENTHUB_CONNECTION_STRING__ORDERS_REGION2: 'Endpoint=sb://region2',
    },
    hubsOf,
  );
  assert.deepEqual(hubs, [
    { name: 'orders-region1', address: shared },
    {
      name: 'orders-region2',
      address: { name: 'EVENTHUB_CONNECTION_STRING__ORDERS_REGION2', value: 'Endpoint=sb://region2' },
    },
  ]);
});

test('without EVENTHUB_NAMES the single EVENTHUB_NAME (or the default) is the list', () => {
  assert.deepEqual(
    loadConfig({ EVENTHUB_NAME: 'clicks' }, hubsOf).map((h) => h.name),
    ['clicks'],
  );
  assert.deepEqual(
    loadConfig({}, hubsOf).map((h) => h.name),
    ['orders'],
  );
});

test('a hub named twice, or given both a connection string and an FQDN, is refused with the setting named', () => {
  assert.throws(
    () =>
      loadConfig(
        {
          EVENTHUB_NAMES: 'a,b,a',
          EVENTHUB_CONNECTION_STRING__B: 'Endpoint=sb://x',
          EVENTHUB_FQDN__B: 'x.servicebus.windows.net',
        },
        hubsOf,
      ),
    (err: unknown) => {
      assert.ok(err instanceof ConfigError);
      assert.match(err.message, /EVENTHUB_NAMES names a more than once/);
      assert.match(err.message, /EVENTHUB_CONNECTION_STRING__B or EVENTHUB_FQDN__B, not both/);
      return true;
    },
  );
});

test('COSMOS_PREFERRED_REGIONS becomes the ordered list of regions the Cosmos client prefers', () => {
  const address = loadConfig(
    {
      COSMOS_ENDPOINT: 'https://acct.documents.azure.com/',
      COSMOS_PREFERRED_REGIONS: 'North Europe, West Europe',
    },
    readCosmosAddress,
  );
  assert.deepEqual(address, {
    name: 'COSMOS_ENDPOINT',
    value: 'https://acct.documents.azure.com/',
    preferredRegions: ['North Europe', 'West Europe'],
    endpointRefreshMs: 30_000,
  });
  assert.deepEqual(loadConfig({}, readCosmosAddress).preferredRegions, []);
});

test('a per-hub connection string is used as one (not taken for a namespace name with Entra ID)', () => {
  const [, region2] = loadConfig(
    {
      EVENTHUB_NAMES: 'orders-region1,orders-region2',
      EVENTHUB_CONNECTION_STRING__ORDERS_REGION2: 'Endpoint=sb://r2',
    },
    hubsOf,
  );
  assert.equal(isConnectionString(region2!.address), true);
  assert.equal(
    isConnectionString({ name: 'EVENTHUB_FQDN__ORDERS_REGION2', value: 'x.servicebus.windows.net' }),
    false,
  );
  assert.equal(isConnectionString({ name: 'COSMOS_ENDPOINT', value: 'https://x' }), false);
});
