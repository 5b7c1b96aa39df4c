// A heavy query must not starve a processor's lease renewals. The emulator runs as its own process (as in the dev
// stack) while a full-container aggregate scans tens of millions of rows; the processor renews every 200 ms with
// leases that expire after 1.5 s, and a writer keeps adding items it must deliver. Before the emulator evaluated
// queries in slices, one such query held its event loop for minutes and every lease was lost.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import {
  BulkOperationType,
  CosmosClient,
  type Container,
  type Item,
  type OperationInput,
} from '@azure/cosmos';
import { ensureLeaseContainer, type ChangeFeedProcessor } from '../src/index.ts';
import { FAST, quietLogger, waitFor } from './support/stack.ts';
import { ChangeFeedProcessorBuilder } from '../src/index.ts';

// 20k documents of 30-element arrays; the self-join below makes ~9M rows: seconds of work on a CI core.
const DOCUMENTS = 20_000;
const ARRAY = 30;

let emulator: ChildProcess;
let connectionString: string;
const clients: CosmosClient[] = [];

async function startEmulatorProcess(): Promise<void> {
  const cli = path.join(
    path.dirname(fileURLToPath(import.meta.resolve('@marquee/cosmos-emulator'))),
    'cli.ts',
  );
  emulator = spawn(process.execPath, [cli, '--port', '0', '--log-level', 'warn'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  connectionString = await new Promise<string>((resolve, reject) => {
    emulator.once('exit', (code) => reject(new Error(`emulator exited with ${code}`)));
    createInterface({ input: emulator.stdout! }).on('line', (line) => {
      if (line.startsWith('AccountEndpoint=')) resolve(line.trim());
    });
  });
}

/** The lease container, with the time of every lease replace (acquire, renew, checkpoint) recorded. */
function timedLeases(container: Container, latencies: number[]): Container {
  const timedItem = (item: Item): Item =>
    new Proxy(item, {
      get(target, prop) {
        if (prop !== 'replace') return Reflect.get(target, prop, target) as unknown;
        return async (...args: Parameters<Item['replace']>) => {
          const started = performance.now();
          try {
            return await target.replace(...args);
          } finally {
            latencies.push(performance.now() - started);
          }
        };
      },
    });
  return new Proxy(container, {
    get(target, prop) {
      if (prop === 'item') return (id: string, pk: string) => timedItem(target.item(id, pk));
      return Reflect.get(target, prop, target) as unknown;
    },
  });
}

async function load(container: Container): Promise<void> {
  let next = 0;
  const items = Array.from({ length: ARRAY }, (_, i) => i);
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < DOCUMENTS) {
        const from = next;
        next += 100;
        const ops: OperationInput[] = [];
        for (let i = from; i < Math.min(from + 100, DOCUMENTS); i++) {
          ops.push({
            operationType: BulkOperationType.Create,
            resourceBody: { id: `d${i}`, pk: `k${i % 50}`, items },
          });
        }
        const results = await container.items.bulk(ops);
        assert.ok(results.every((r) => r.statusCode < 300));
      }
    }),
  );
}

before(async () => {
  await startEmulatorProcess();
});
after(async () => {
  for (const c of clients) c.dispose();
  emulator.kill('SIGTERM');
  await new Promise((resolve) => emulator.once('exit', resolve));
});

test('a full-container aggregate runs while a processor renews its leases: no lease is lost', async () => {
  const admin = new CosmosClient(connectionString);
  clients.push(admin);
  const { database } = await admin.databases.createIfNotExists({ id: 'heavy' });
  const { container: events } = await database.containers.createIfNotExists({
    id: 'events',
    partitionKey: '/pk',
  });
  await ensureLeaseContainer(database, 'leases');
  await load(events);

  const latencies: number[] = [];
  const lost: string[] = [];
  const delivered = new Set<string>();
  const client = new CosmosClient(connectionString);
  clients.push(client);
  const db = client.database('heavy');
  const processor: ChangeFeedProcessor = new ChangeFeedProcessorBuilder<{ id: string }>()
    .monitoredContainer(db.container('events'))
    .leaseContainer(timedLeases(db.container('leases'), latencies))
    .processorName('heavy')
    .instanceName('only')
    .options({
      ...FAST,
      startFrom: 'now',
      logger: quietLogger,
      metrics: { leaseLost: (e) => lost.push(`${e.leaseToken}: ${e.reason}`) },
    })
    .handler(async (changes) => {
      for (const c of changes) delivered.add(c.id);
    })
    .build();
  try {
    await processor.start();
    await waitFor('all four leases', () => processor.getStatus().leases.length === 4);
    latencies.length = 0;

    let querying = true;
    const written: string[] = [];
    const writer = (async () => {
      for (let i = 0; querying; i++) {
        written.push((await events.items.create({ id: `w${i}`, pk: `w${i % 7}` })).item.id);
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    const started = performance.now();
    const { resources } = await events.items
      .query<number>('SELECT VALUE COUNT(1) FROM c JOIN a IN c.items JOIN b IN c.items WHERE a <= b')
      .fetchAll();
    const queryMs = performance.now() - started;
    querying = false;
    await writer;
    assert.deepEqual(resources, [(DOCUMENTS * ARRAY * (ARRAY + 1)) / 2]);

    await waitFor('the writes made during the query', () => written.every((id) => delivered.has(id)));
    assert.deepEqual(lost, []);
    assert.equal(processor.getStatus().leases.length, 4);
    const sorted = [...latencies].sort((a, b) => a - b);
    const p99 = sorted[Math.floor(sorted.length * 0.99)] ?? 0;
    console.log(
      `query ${(queryMs / 1000).toFixed(1)} s over ${DOCUMENTS} documents; ${sorted.length} lease writes during it: ` +
        `renew latency p50 ${(sorted[sorted.length >> 1] ?? 0).toFixed(0)} ms, p99 ${p99.toFixed(0)} ms, ` +
        `max ${(sorted.at(-1) ?? 0).toFixed(0)} ms; ${written.length} items written and delivered meanwhile`,
    );
    assert.ok(sorted.length > 0, 'the processor renewed its leases during the query');
  } finally {
    await processor.stop();
  }
});
