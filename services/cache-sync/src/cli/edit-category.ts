// Changes a category straight in the store, as Data Explorer or a script would: no API, no cache. It goes
// through the catalog adapter like every other writer, and can repair a document readers skip as malformed.
//   node services/cache-sync/src/cli/edit-category.ts <categoryId> [--name N] [--description D]
//        [--create] [--delete] [--soft-delete [--ttl 3600]]
// Reads COSMOS_CONNECTION_STRING | COSMOS_ENDPOINT and COSMOS_DATABASE like the services (local stack by default).
import { parseArgs } from 'node:util';
import { CatalogRepository } from '@marquee/catalog-store';
import { CONTAINERS, createCosmosClient, loadConfig, readCosmosAddress } from '@marquee/platform';

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
  cosmos: readCosmosAddress(e),
  database: e.string('COSMOS_DATABASE', 'marquee'),
}));
const client = createCosmosClient(config.cosmos, 'marquee-edit-category');
const catalog = new CatalogRepository(client.database(config.database).container(CONTAINERS.catalog.id));
try {
  if (values.delete) {
    await catalog.purgeCategory(categoryId);
    console.log(`deleted category ${categoryId}`);
  } else if (values.create) {
    const doc = await catalog.createCategory({
      categoryId,
      name: values.name ?? `Category ${categoryId}`,
      description: values.description ?? '',
    });
    console.log(JSON.stringify(doc));
  } else {
    const patch = values['soft-delete']
      ? { deleted: true, ttl: Number(values.ttl) }
      : {
          ...(values.name === undefined ? {} : { name: values.name }),
          ...(values.description === undefined ? {} : { description: values.description }),
        };
    const { categoryId: id, name, description, deleted } = await catalog.patchCategory(categoryId, patch);
    console.log(JSON.stringify({ categoryId: id, name, description, ...(deleted ? { deleted } : {}) }));
  }
} finally {
  client.dispose();
}
