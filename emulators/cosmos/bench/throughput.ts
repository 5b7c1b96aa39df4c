// Throughput through the official SDK: point writes/s with ~50 requests in flight, then change-feed items/s read
// with getChangeFeedIterator (whole container, all ranges, from the beginning).
//   node emulators/cosmos/bench/throughput.ts [writes=50000] [--clients N] [--in-process]
// By default the emulator runs as its own process (src/cli.ts), as in the dev stack. The SDK costs more CPU per
// request than the emulator (signing, diagnostics), so `--clients N` spreads the 50 in-flight writes over N worker
// threads to show what the emulator sustains; `--in-process` puts emulator and one client on one event loop.
import { parseArgs } from 'node:util';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { ChangeFeedStartFrom, CosmosClient, StatusCodes, type Container } from '@azure/cosmos';
import pino from 'pino';
import { startCosmosEmulator } from '../src/index.ts';
import { startChild, type Emulator } from './child-emulator.ts';

const CONCURRENCY = 50;
const PAGE = 1000;

interface WriterJob {
  connectionString: string;
  from: number;
  to: number;
  concurrency: number;
}

async function writeRange(
  container: Container,
  from: number,
  to: number,
  concurrency: number,
): Promise<void> {
  let next = from;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < to) {
        const i = next++;
        await container.items.create({
          id: `e${i}`,
          pk: `movie-${i % 997}`,
          kind: 'viewed',
          seconds: i % 7200,
          at: Date.now(),
        });
      }
    }),
  );
}

function events(client: CosmosClient): Container {
  return client.database('bench').container('events');
}

if (!isMainThread) {
  const job = workerData as WriterJob;
  const client = new CosmosClient(job.connectionString);
  await writeRange(events(client), job.from, job.to, job.concurrency);
  client.dispose();
  parentPort?.postMessage('done');
} else {
  await main();
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MB`;
}

async function startInProcess(): Promise<Emulator> {
  const running = await startCosmosEmulator({ port: 0, logger: pino({ level: 'warn' }) });
  return {
    connectionString: running.connectionString,
    rss: () => process.memoryUsage().rss,
    cpuSeconds: () => undefined,
    close: () => running.close(),
  };
}

function runWorker(job: WriterJob): Promise<void> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(import.meta.url), { workerData: job });
    worker.once('error', reject);
    worker.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`writer exited with ${code}`))));
  });
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { clients: { type: 'string', default: '1' }, 'in-process': { type: 'boolean', default: false } },
  });
  const inProcess = values['in-process'];
  const writes = Number(positionals[0] ?? 50_000);
  const clients = Math.max(1, Number(values.clients));

  const emulator = inProcess ? await startInProcess() : await startChild();
  const client = new CosmosClient(emulator.connectionString);
  try {
    const { database } = await client.databases.createIfNotExists({ id: 'bench' });
    const { container } = await database.containers.createIfNotExists({ id: 'events', partitionKey: '/pk' });
    await Promise.all(
      Array.from({ length: CONCURRENCY }, (_, i) => container.items.upsert({ id: `warm${i}`, pk: `w${i}` })),
    );

    const cpuBefore = emulator.cpuSeconds();
    const started = performance.now();
    if (clients <= 1) await writeRange(container, 0, writes, CONCURRENCY);
    else {
      const share = Math.ceil(writes / clients);
      await Promise.all(
        Array.from({ length: clients }, (_, k) =>
          runWorker({
            connectionString: emulator.connectionString,
            from: k * share,
            to: Math.min(writes, (k + 1) * share),
            concurrency: Math.ceil(CONCURRENCY / clients),
          }),
        ),
      );
    }
    const writeSecs = (performance.now() - started) / 1000;
    console.log(
      `point writes: ${writes} in ${writeSecs.toFixed(2)} s = ${Math.round(writes / writeSecs)} writes/s ` +
        `(${CONCURRENCY} in flight, ${clients} client${clients > 1 ? 's' : ''}${inProcess ? ', in process' : ''})`,
    );

    const cpuAfterWrites = emulator.cpuSeconds();
    if (cpuBefore !== undefined && cpuAfterWrites !== undefined) {
      const perWrite = ((cpuAfterWrites - cpuBefore) / writes) * 1e6;
      console.log(
        `  emulator CPU: ${perWrite.toFixed(0)} µs per write (~${Math.round(1e6 / perWrite)} writes/s per core)`,
      );
    }

    const readStart = performance.now();
    const it = container.items.getChangeFeedIterator({
      changeFeedStartFrom: ChangeFeedStartFrom.Beginning(),
      maxItemCount: PAGE,
    });
    let read = 0;
    for (;;) {
      const res = await it.readNext();
      if (res.statusCode === StatusCodes.NotModified) break;
      read += res.result.length;
    }
    const readSecs = (performance.now() - readStart) / 1000;
    console.log(
      `change feed: ${read} items in ${readSecs.toFixed(2)} s = ${Math.round(read / readSecs)} items/s (maxItemCount ${PAGE})`,
    );
    const cpuAfterFeed = emulator.cpuSeconds();
    if (cpuAfterWrites !== undefined && cpuAfterFeed !== undefined) {
      const perItem = ((cpuAfterFeed - cpuAfterWrites) / read) * 1e6;
      console.log(`  emulator CPU: ${perItem.toFixed(1)} µs per change feed item`);
    }
    const mem = process.memoryUsage();
    console.log(
      inProcess
        ? `memory (emulator and client in one process): rss ${mb(mem.rss)}, heap used ${mb(mem.heapUsed)}`
        : `memory: emulator process rss ${mb(emulator.rss())}; client process rss ${mb(mem.rss)}`,
    );
  } finally {
    client.dispose();
    await emulator.close();
  }
}
