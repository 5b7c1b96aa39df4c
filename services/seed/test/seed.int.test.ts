import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CosmosClient } from '@azure/cosmos';
import { startLocalStack, type LocalStack } from '@marquee/local-stack';
import { seed } from '../src/index.ts';

let stack: LocalStack;
let client: CosmosClient;
before(async () => {
  stack = await startLocalStack({ ports: 'free' });
  client = new CosmosClient(stack.connections.cosmos);
});
after(async () => {
  client?.dispose();
  await stack?.stop();
});

test('seed creates the containers and the catalog, and a second run changes nothing', async () => {
  assert.deepEqual(await seed(client, 'marquee'), { created: 519, alreadyThere: 0 });
  const catalog = client.database('marquee').container('catalog');
  const renamed = {
    ...(await catalog.item('category-35', 'category').read()).resource,
    name: 'Comedy (edited)',
  };
  await catalog.items.upsert(renamed);
  assert.deepEqual(await seed(client, 'marquee'), { created: 0, alreadyThere: 519 });
  const { resource } = await catalog.item('category-35', 'category').read<{ name: string }>();
  assert.equal(resource?.name, 'Comedy (edited)', 'an edited document is left alone');
  const { resources: containers } = await client.database('marquee').containers.readAll().fetchAll();
  assert.deepEqual(containers.map((c) => c.id).sort(), [
    'catalog',
    'deadletters',
    'events',
    'leases',
    'status',
    'views',
  ]);
});
