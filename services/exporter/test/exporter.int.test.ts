// The exporter on the local stack: every event of the feed lands in exactly one Parquet row, in the
// type/date layout, even when the exporter is killed (SIGKILL) mid-export and restarted; a batch delivered
// again (as after a crash before its checkpoint) rewrites its files under the same names.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { CosmosClient, type Container } from '@azure/cosmos';
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import { DuckDBInstance } from '@duckdb/node-api';
import { createDocuments, ensureStore } from '@marquee/platform';
import { eventually, startLocalStack, startWorker, type LocalStack } from '@marquee/test-support';
import { Exporter, ExporterMetrics, ParquetWriter } from '../src/index.ts';
import { mirrorContainer } from '../src/analyze/mirror.ts';
import { Registry } from 'prom-client';
import pino from 'pino';

let stack: LocalStack;
let cosmos: CosmosClient;
let events: Container;
let dir: string;

before(async () => {
  stack = await startLocalStack({ ports: 'free' });
  cosmos = new CosmosClient(stack.connections.cosmos);
  events = (await ensureStore(cosmos, 'marquee')).container('events');
  dir = await mkdtemp(path.join(tmpdir(), 'exporter-int-'));
});
after(async () => {
  cosmos?.dispose();
  await stack?.stop();
  await rm(dir, { recursive: true, force: true });
});

const TYPES = ['OrderPlaced', 'ProductViewed', 'AddedToCart'];
const event = (i: number) => ({
  id: `ev-${i}`,
  type: TYPES[i % 3] ?? 'OrderPlaced',
  schemaVersion: 1,
  occurredAt: new Date(Date.UTC(2026, 10, 29 + (i % 2), 10, 0, i % 60)).toISOString(),
  receivedAt: '2026-11-30T12:00:00.000Z',
  source: { partitionId: '0', sequenceNumber: i, offset: String(i) },
  data: { n: i },
});

async function rowsOf(
  container: ContainerClient,
  into: string,
): Promise<{ rows: number; ids: number; files: string[] }> {
  await mirrorContainer(container, into);
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  try {
    const reader = await c.runAndReadAll(
      `SELECT count(*)::INTEGER AS rows, count(DISTINCT id)::INTEGER AS ids FROM read_parquet('${into}/**/*.parquet')`,
    );
    const [row] = reader.getRowObjectsJson() as { rows: number; ids: number }[];
    const files: string[] = [];
    for await (const blob of container.listBlobsFlat()) files.push(blob.name);
    return { rows: row?.rows ?? 0, ids: row?.ids ?? 0, files };
  } finally {
    c.closeSync();
    db.closeSync();
  }
}

test('killed mid-export and restarted, the exporter writes every event exactly once', async () => {
  const total = 600;
  const outcomes = await createDocuments(
    events,
    Array.from({ length: total }, (_, i) => event(i)),
    { logger: pino({ level: 'silent' }), signal: AbortSignal.timeout(60_000) },
  );
  assert.equal(outcomes.filter((o) => o.kind === 'created').length, total);
  const env = { EXPORT_CONTAINER: 'raw-events', MAX_ITEM_COUNT: '50', POLL_INTERVAL_MS: '100' };
  const container = BlobServiceClient.fromConnectionString(stack.connections.storage).getContainerClient(
    'raw-events',
  );
  const first = await startWorker(stack, 'exporter', env);
  try {
    await eventually(
      async () => assert.ok((await rowsOf(container, path.join(dir, 'a'))).files.length >= 3),
      { timeoutMs: 60_000 },
    );
  } finally {
    first.process.kill('SIGKILL');
    await first.process.exited;
  }
  const second = await startWorker(stack, 'exporter', env);
  try {
    await eventually(
      async () => {
        const { rows, ids, files } = await rowsOf(container, path.join(dir, 'b'));
        assert.equal(ids, total, 'no gap');
        assert.equal(rows, total, 'no duplicate');
        for (const file of files)
          assert.match(
            file,
            /^type=(OrderPlaced|ProductViewed|AddedToCart)\/date=2026-11-(29|30)\/part-[A-Za-z0-9_]+-\d{12}\.parquet$/,
          );
      },
      { timeoutMs: 90_000, intervalMs: 1_000 },
    );
    const metrics = await second.metrics();
    assert.match(metrics, /exporter_files_written_total\{type="OrderPlaced"[^}]*\} \d+/);
    assert.match(metrics, /exporter_lag_lsn/);
  } finally {
    await second.process.stop();
  }
});

test('a batch delivered again, even grown, rewrites the same files: no duplicate rows', async () => {
  const container = BlobServiceClient.fromConnectionString(stack.connections.storage).getContainerClient(
    'redelivery',
  );
  await container.createIfNotExists();
  const writer = await ParquetWriter.open();
  try {
    const exporter = new Exporter({ container, writer, metrics: new ExporterMetrics(new Registry()) });
    const changes = Array.from({ length: 30 }, (_, i) => ({ ...event(i), _lsn: 100 + i }));
    const context = (n: number) => ({
      leaseToken: '0',
      lsn: { minLsn: 100, maxLsn: 100 + n - 1 },
      signal: new AbortController().signal,
    });
    await exporter.handle(changes.slice(0, 20), context(20)); // written, then "crashed" before the checkpoint
    await exporter.handle(changes, context(30)); // redelivered from the same continuation, the feed has grown
    const { rows, ids, files } = await rowsOf(container, path.join(dir, 'c'));
    assert.equal(rows, 30);
    assert.equal(ids, 30);
    assert.equal(files.length, 6, 'one file per type and date');
  } finally {
    await writer.close();
  }
});
