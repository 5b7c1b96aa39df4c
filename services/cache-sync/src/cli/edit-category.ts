// Changes a category straight in the store with the SDK, as Data Explorer or a script would: no API, no cache.
//   node services/cache-sync/src/cli/edit-category.ts <categoryId> [--name N] [--description D]
//        [--create] [--delete] [--soft-delete [--ttl 3600]]
// Reads COSMOS_CONNECTION_STRING | COSMOS_ENDPOINT and COSMOS_DATABASE like the services (local stack by default).
import { parseArgs } from 'node:util';
import { createCosmosClient, LOCAL_STACK, loadConfig } from '@marquee/platform';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    name: { type: 'string' },
    description: { type: 'string' },
    create: { type: 'boolean', default: false },
    delete: { type: 'boolean', default: false },
    'soft-delete': { type: 'boolean', default: false },
    ttl: { type: 'string', default: '3600' },
  },
});
const categoryId = Number(positionals[0]);
if (!Number.isInteger(categoryId) || categoryId < 1) {
  process.stderr.write(
    'usage: edit-category.ts <categoryId> [--name N] [--description D] [--create] [--delete] [--soft-delete]\n',
  );
  process.exit(2);
}
const config = loadConfig(process.env, (e) => ({
  cosmos: e.either('COSMOS_CONNECTION_STRING', 'COSMOS_ENDPOINT', LOCAL_STACK.cosmosConnectionString),
  database: e.string('COSMOS_DATABASE', 'marquee'),
}));
const client = createCosmosClient(config.cosmos, 'marquee-edit-category');
const item = client.database(config.database).container('catalog').item(`category-${categoryId}`, 'category');
try {
  if (values.delete) {
    await item.delete();
    console.log(`deleted category ${categoryId}`);
  } else if (values.create) {
    const doc = {
      id: `category-${categoryId}`,
      type: 'category',
      categoryId,
      name: values.name ?? `Category ${categoryId}`,
      description: values.description ?? '',
    };
    await client.database(config.database).container('catalog').items.create(doc);
    console.log(JSON.stringify(doc));
  } else {
    const { resource } = await item.read<Record<string, unknown>>();
    if (resource === undefined) throw new Error(`category ${categoryId} does not exist`);
    const next = values['soft-delete']
      ? { ...resource, deleted: true, ttl: Number(values.ttl) }
      : {
          ...resource,
          ...(values.name === undefined ? {} : { name: values.name }),
          ...(values.description === undefined ? {} : { description: values.description }),
        };
    await item.replace(next);
    const { categoryId: id, name, description, deleted } = next as Record<string, unknown>;
    console.log(JSON.stringify({ categoryId: id, name, description, ...(deleted ? { deleted } : {}) }));
  }
} finally {
  client.dispose();
}
