// `pnpm analyze "SQL"`: mirrors the exported Parquet files from Blob storage into a local cache, then runs the
// SQL with DuckDB over the views `events`, `orders`, `order_lines` and `clicks` (see views.ts) and prints a
// table. Storage: STORAGE_CONNECTION_STRING or STORAGE_BLOB_URL (the local stack's Azurite by default).
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { createBlobContainerClient, LOCAL_STACK, loadConfig } from '@marquee/platform';
import { mirrorContainer } from './mirror.ts';
import { analystViews } from './views.ts';

const sql = process.argv
  .slice(2)
  .filter((arg) => arg !== '--')
  .join(' ')
  .trim();
if (sql === '') {
  process.stderr.write('usage: pnpm analyze "SELECT type, count(*) FROM events GROUP BY type"\n');
  process.exit(2);
}
const config = loadConfig(process.env, (e) => ({
  storage: e.either('STORAGE_CONNECTION_STRING', 'STORAGE_BLOB_URL', LOCAL_STACK.storageConnectionString),
  container: e.string('EXPORT_CONTAINER', 'raw-events'),
  cacheDir: e.string('ANALYZE_CACHE_DIR', path.resolve(import.meta.dirname, '../../../../.data/analyze')),
}));
const cache = path.join(config.cacheDir, config.container);
const container = createBlobContainerClient(config.storage, config.container);
const { files, downloaded } = await mirrorContainer(container, cache);
process.stderr.write(`analyze: ${files} Parquet files (${downloaded} downloaded) in ${cache}\n`);
if (files === 0) {
  process.stderr.write('analyze: nothing exported yet (is the exporter running?)\n');
  process.exit(1);
}
const db = await DuckDBInstance.create(':memory:');
const connection = await db.connect();
try {
  for (const view of analystViews(path.join(cache, '**', '*.parquet'))) await connection.run(view);
  const reader = await connection.runAndReadAll(sql);
  const rows = reader.getRowObjectsJson();
  console.table(rows);
} catch (err) {
  process.stderr.write(`analyze: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
} finally {
  connection.closeSync();
  db.closeSync();
}
