// Change feed processor figures against the Cosmos emulator (4 physical ranges, its own process):
//  1. changes/s delivered to a no-op handler by 1 and by 3 instances (one process), from a prefilled container;
//  2. time from a write to its delivery, p50/p99, at about 1,000 writes/s with a 100 ms idle poll.
// Run: node libs/change-feed-processor/bench/throughput.ts [--items 50000] [--seconds 10]
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { BulkOperationType, CosmosClient, type Container } from '@azure/cosmos';
import { pino } from 'pino';
import { ChangeFeedProcessorBuilder, ensureLeaseContainer, type ChangeFeedProcessor } from '../src/index.ts';

const { values } = parseArgs({
  options: {
    items: { type: 'string', default: '50000' },
    seconds: { type: 'string', default: '10' },
    only: { type: 'string' }, // 'throughput' or 'latency'
  },
});
const ITEMS = Number(values.items);
const SECONDS = Number(values.seconds);
const silent = pino({ level: 'silent' });

const child = spawn(
  process.execPath,
  [fileURLToPath(new URL('./support/emulator-process.ts', import.meta.url))],
  {
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
const [endpoint] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
const key = 'C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==';
const writerScript = fileURLToPath(new URL('./support/writer-process.ts', import.meta.url));
const clients: CosmosClient[] = [];
let runs = 0;
function containers(): { monitored: Container; leases: Container } {
  const client = new CosmosClient({ endpoint, key, connectionPolicy: { enableEndpointDiscovery: false } });
  clients.push(client);
  const db = client.database('bench');
  return { monitored: db.container('events'), leases: db.container('leases') };
}

// The figures depend heavily on what else runs on the machine; print that alongside them.
const machine = (): string =>
  `${availableParallelism()} cores, load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`;
console.log(`machine: ${machine()}`);
try {
  const setup = new CosmosClient({ endpoint, key, connectionPolicy: { enableEndpointDiscovery: false } });
  clients.push(setup);
  const { database } = await setup.databases.createIfNotExists({ id: 'bench' });
  const { container: events } = await database.containers.createIfNotExists({
    id: 'events',
    partitionKey: { paths: ['/pk'] },
  });
  await ensureLeaseContainer(database, 'leases');

  const writeStart = performance.now();
  await prefill(events, ITEMS);
  const writeS = (performance.now() - writeStart) / 1000;
  console.log(
    `prefill: ${ITEMS} items in ${writeS.toFixed(1)} s (${Math.round(ITEMS / writeS)} writes/s, bulk)`,
  );

  for (const maxItemCount of values.only === 'latency' ? [] : [100, 1000]) {
    for (const instances of [1, 3]) {
      const perSecond = await drain(`tp-${maxItemCount}-${instances}`, instances, maxItemCount);
      console.log(
        `throughput: ${instances} instance(s), maxItemCount ${maxItemCount}: ${Math.round(perSecond)} changes/s`,
      );
    }
  }
  if (values.only !== 'throughput') {
    await latency(1, 100, 1000, 10);
    await latency(3, 100, 1000, 10);
    await latency(1, 100, 1000, 1);
    await latency(1, 100, 300, 1);
  }
  console.log(`machine: ${machine()}`);
} finally {
  for (const c of clients) c.dispose();
  child.kill('SIGTERM');
}

async function prefill(container: Container, count: number): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const from = next;
      next += 100;
      const ops = Array.from({ length: Math.min(100, count - from) }, (_, i) => ({
        operationType: BulkOperationType.Upsert,
        resourceBody: { id: `p${from + i}`, pk: `k${from + i}`, payload: 'x'.repeat(200) },
      }));
      await container.items.bulk(ops);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

/** Time for `instances` fresh instances to deliver the whole prefilled container to a no-op handler. */
async function drain(processorName: string, instances: number, maxItemCount: number): Promise<number> {
  let delivered = 0;
  const processors = Array.from({ length: instances }, (_, i) =>
    build(processorName, `i${i}`, maxItemCount, 1000, async (changes) => {
      delivered += changes.length;
    }),
  );
  const started = performance.now();
  await Promise.all(processors.map((p) => p.start()));
  while (delivered < ITEMS) await new Promise((r) => setTimeout(r, 5));
  const seconds = (performance.now() - started) / 1000;
  await Promise.all(processors.map((p) => p.stop()));
  return delivered / seconds;
}

/**
 * Write→delivery latency: a writer process sends `perSecond` items/s for SECONDS (`batch` 1 = single creates,
 * more = bulk requests), `instances` processors deliver them; `sentAt` is stamped just before each request.
 */
async function latency(
  instances: number,
  pollIntervalMs: number,
  perSecond: number,
  batch: number,
): Promise<void> {
  runs += 1;
  const samples: number[] = [];
  const processors = Array.from({ length: instances }, (_, i) =>
    build(
      `lat-${runs}`,
      `i${i}`,
      100,
      pollIntervalMs,
      async (changes) => {
        const now = Date.now();
        for (const c of changes as Array<{ sentAt?: number }>)
          if (c.sentAt !== undefined) samples.push(now - c.sentAt);
      },
      'now',
    ),
  );
  await Promise.all(processors.map((p) => p.start()));
  // Let every lease record its "now" position (and balancing settle) before measuring.
  await new Promise((r) => setTimeout(r, 1500));
  const writer = spawn(
    process.execPath,
    [writerScript, endpoint, `w${runs}`, String(perSecond), String(SECONDS), String(batch)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const [line] = (await once(createInterface({ input: writer.stdout }), 'line')) as [string];
  const summary = JSON.parse(line) as { written: number; failed: number; ackP50: number; ackP99: number };
  const deadline = Date.now() + 30_000;
  while (samples.length < summary.written - summary.failed && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 20));
  }
  await Promise.all(processors.map((p) => p.stop()));
  console.log(
    `latency: ${instances} instance(s), poll ${pollIntervalMs} ms, ${summary.written} writes in ${SECONDS} s ` +
      `(${batch === 1 ? 'single creates' : `bulk of ${batch}`}), ${samples.length} delivered: ` +
      `sent → delivered ${percentiles(samples)}; sent → acknowledged p50 ${summary.ackP50} ms, p99 ${summary.ackP99} ms`,
  );
}

function percentiles(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return `p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${sorted.at(-1)} ms`;
}

function build(
  processorName: string,
  instanceName: string,
  maxItemCount: number,
  pollIntervalMs: number,
  handler: (changes: unknown[]) => Promise<void>,
  startFrom: 'beginning' | 'now' = 'beginning',
): ChangeFeedProcessor {
  const { monitored, leases } = containers();
  return new ChangeFeedProcessorBuilder<Record<string, unknown>>()
    .monitoredContainer(monitored)
    .leaseContainer(leases)
    .processorName(processorName)
    .instanceName(instanceName)
    .options({
      startFrom,
      maxItemCount,
      pollIntervalMs,
      leaseRenewIntervalMs: 1000,
      leaseExpirationMs: 5000,
      leaseAcquireIntervalMs: 200,
      logger: silent,
    })
    .handler(handler)
    .build();
}
