// Query times as a container grows, through the official SDK, with the emulator as its own process:
//   pnpm bench cosmos-queries [--sizes 100000,500000,1000000] [--data-dir dir] [--no-index]
// At each size it runs the queries operators and services use (COUNT, MAX, TOP … ORDER BY, /type and /id-prefix
// filters, a nested-field filter across partitions, one partition) and, while each runs, point reads every
// 10 ms: their worst latency shows whether the query held the emulator's event loop. Documents are loaded with
// bulk requests; with --data-dir they are kept there, and a later run over the same folder starts from them
// (a restart: its time is printed) instead of loading again. --no-index runs the emulator without its equality
// index, to compare.
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { CosmosClient, type Container, type OperationInput } from '@azure/cosmos';
import { benchDoc as doc } from './bench-docs.ts';
import { startChild } from './child-emulator.ts';

const QUERIES: [string, string, { partitionKey?: string }?][] = [
  ['COUNT', 'SELECT VALUE COUNT(1) FROM c'],
  ['MAX(_lsn)', 'SELECT VALUE MAX(c._lsn) FROM c'],
  ['TOP 1 ORDER BY _lsn DESC', 'SELECT TOP 1 c.id, c._lsn FROM c ORDER BY c._lsn DESC'],
  ['COUNT WHERE type', "SELECT VALUE COUNT(1) FROM c WHERE c.type = 'Rated'"],
  [
    'TOP 100 WHERE type ORDER BY',
    "SELECT TOP 100 * FROM c WHERE c.type = 'Rated' ORDER BY c.occurredAt DESC",
  ],
  ['TOP 10 WHERE type ORDER BY _ts', "SELECT TOP 10 c.id FROM c WHERE c.type = 'Rated' ORDER BY c._ts DESC"],
  ['COUNT WHERE type IN', "SELECT VALUE COUNT(1) FROM c WHERE c.type IN ('Rated', 'ViewStarted')"],
  ['id prefix', "SELECT c.id FROM c WHERE STARTSWITH(c.id, 'evt-00000')"],
  ['nested field, c.id', 'SELECT c.id FROM c WHERE c.data.Total > 100'],
  ['nested field, *', 'SELECT * FROM c WHERE c.data.Total > 100'],
  ['one partition, all items', 'SELECT * FROM c', { partitionKey: 'movie-7' }],
];

async function load(container: Container, from: number, to: number): Promise<void> {
  const CHUNK = 100;
  let next = from;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < to) {
        const start = next;
        next = Math.min(to, next + CHUNK);
        const ops: OperationInput[] = [];
        for (let i = start; i < next; i++) ops.push({ operationType: 'Create', resourceBody: doc(i) });
        await container.items.bulk(ops);
      }
    }),
  );
}

/** Runs `query` to the end while reading one item every 10 ms; returns the query time and worst read. */
async function timed(
  container: Container,
  query: string,
  options: { partitionKey?: string } = {},
): Promise<{ ms: number; rows: number; worstReadMs: number }> {
  let worstReadMs = 0;
  let running = true;
  const probe = (async () => {
    while (running) {
      const t = performance.now();
      await container.item('evt-000000001', 'movie-1').read();
      worstReadMs = Math.max(worstReadMs, performance.now() - t);
      await new Promise((r) => setTimeout(r, 10));
    }
  })();
  const started = performance.now();
  const { resources } = await container.items.query(query, { maxItemCount: 1000, ...options }).fetchAll();
  const ms = performance.now() - started;
  running = false;
  await probe;
  return { ms, rows: resources.length, worstReadMs };
}

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '100000,500000,1000000' },
    'data-dir': { type: 'string' },
    'no-index': { type: 'boolean', default: false },
  },
});
const sizes = values.sizes.split(',').map(Number);
const args = [
  ...(values['data-dir'] ? ['--data-dir', values['data-dir']] : []),
  ...(values['no-index'] ? ['--no-index'] : []),
];
const starting = performance.now();
const emulator = await startChild(args);
const load1 = (): string => `load ${loadavg()[0]?.toFixed(1)}`;
console.log(
  `emulator started in ${((performance.now() - starting) / 1000).toFixed(1)} s` +
    `${values['no-index'] ? ' (no equality index)' : ''}, rss ${(emulator.rss() / 1024 / 1024).toFixed(0)} MB, ${load1()}`,
);
const client = new CosmosClient(emulator.connectionString);
try {
  const { database } = await client.databases.createIfNotExists({ id: 'bench' });
  const { container } = await database.containers.createIfNotExists({ id: 'events', partitionKey: '/pk' });
  const stored = (await container.items.query<number>('SELECT VALUE COUNT(1) FROM c').fetchAll())
    .resources[0];
  let loaded = stored ?? 0;
  for (const size of sizes) {
    const t = performance.now();
    if (loaded < size) await load(container, loaded, size);
    console.log(
      `loaded ${Math.max(0, size - loaded)} documents in ${((performance.now() - t) / 1000).toFixed(1)} s; ` +
        `emulator rss ${(emulator.rss() / 1024 / 1024).toFixed(0)} MB at ${Math.max(size, loaded)} documents, ${load1()}`,
    );
    loaded = Math.max(size, loaded);
    for (const [name, query, options] of QUERIES) {
      const r = await timed(container, query, options);
      console.log(
        `  ${String(loaded).padStart(8)} docs  ${name.padEnd(30)} ${(r.ms / 1000).toFixed(2).padStart(7)} s ` +
          `${String(r.rows).padStart(7)} rows   worst point read during it ${r.worstReadMs.toFixed(0)} ms  ${load1()}`,
      );
    }
  }
} finally {
  client.dispose();
  await emulator.close();
}
