// The exporter on the local stack: every event of the feed lands in exactly one Parquet row, in the
// type/date layout, even when the exporter is killed (SIGKILL) mid-export and restarted; a batch delivered
// again (as after a crash before its checkpoint) rewrites its files under the same names. Events it cannot
// export, written straight into `events` ahead of the good ones, are set aside as dead letters with their
// reason (each once, however often their batch comes) and the leases move past them. The exporter reports
// its leases to the `status` container (the pipeline panel), and a lease it cannot move shows as a stall.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { CosmosClient, type Container, type Database } from '@azure/cosmos';
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import { DuckDBInstance } from '@duckdb/node-api';
import { createDocuments, ensureStore, type StageStatusDoc } from '@marquee/platform';
import {
  eventually,
  metricTotal,
  startLocalStack,
  startWorker,
  type LocalStack,
} from '@marquee/test-support';
import {
  ExportDeadLetters,
  Exporter,
  ExporterMetrics,
  ParquetWriter,
  type ExportDeadLetter,
} from '../src/index.ts';
import { mirrorContainer } from '../src/analyze/mirror.ts';
import { Registry } from 'prom-client';
import pino from 'pino';

let stack: LocalStack;
let cosmos: CosmosClient;
let database: Database;
let events: Container;
let dir: string;
const silent = pino({ level: 'silent' });

before(async () => {
  stack = await startLocalStack({ ports: 'free' });
  cosmos = new CosmosClient(stack.connections.cosmos);
  database = await ensureStore(cosmos, 'marquee');
  events = database.container('events');
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
/** One event of each kind the exporter cannot export, with the reason class it must be set aside under. */
const unexportable = (prefix: string) => ({
  encoding: { ...event(0), id: `${prefix}-surrogate`, data: { note: 'a lone \ud800 surrogate' } },
  partition: { ...event(1), id: `${prefix}-year-10000`, occurredAt: '+010000-01-01T00:00:00.000Z' },
  envelope: { ...event(2), id: `${prefix}-received`, receivedAt: 'yesterday' },
});
const deadLetter = async (eventId: string) =>
  (
    await database
      .container('deadletters')
      .item(`exporter.${eventId}`, `exporter.${eventId}`)
      .read<ExportDeadLetter>()
  ).resource;

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

test('killed mid-export and restarted, the exporter writes every event exactly once and sets the bad ones aside', async () => {
  const total = 600;
  const bad = unexportable('feed');
  const written = [...Object.values(bad), ...Array.from({ length: total }, (_, i) => event(i))];
  const outcomes = await createDocuments(events, written, {
    logger: silent,
    signal: AbortSignal.timeout(60_000),
  });
  assert.equal(outcomes.filter((o) => o.kind === 'created').length, total + 3);
  // One instance name: the restart takes its leases back at once (another name would wait for their expiry).
  const env = {
    EXPORT_CONTAINER: 'raw-events',
    MAX_ITEM_COUNT: '50',
    POLL_INTERVAL_MS: '100',
    INSTANCE_NAME: 'exporter-int',
    STALL_THRESHOLD_MS: '1500',
    STATUS_INTERVAL_MS: '300',
  };
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
    for (const [reasonClass, change] of Object.entries(bad)) {
      const record = await deadLetter(change.id);
      assert.equal(record?.stage, 'exporter', change.id);
      assert.equal(record?.reasonClass, reasonClass);
    }
    assert.match((await deadLetter(bad.encoding.id))?.reasons[0] ?? '', /Malformed JSON: no low surrogate/);
    assert.match((await deadLetter(bad.partition.id))?.reasons[0] ?? '', /has no date= folder/);
    assert.match(
      (await deadLetter(bad.envelope.id))?.reasons[0] ?? '',
      /receivedAt "yesterday" is not a time/,
    );
    const metrics = await second.metrics();
    assert.match(metrics, /exporter_files_written_total\{type="OrderPlaced"[^}]*\} \d+/);
    assert.match(metrics, /exporter_lag_lsn/);

    // Its leases, caught up, in the status document the api's pipeline panel reads.
    const status = database.container('status');
    const doc = await eventually(async () => {
      const { resource } = await status
        .item('exporter.exporter-int', 'exporter.exporter-int')
        .read<StageStatusDoc>();
      assert.equal(resource?.stage, 'exporter');
      assert.ok((resource?.units.length ?? 0) > 0 && resource?.units.every((u) => u.lag === 0 && !u.stalled));
      return resource;
    });
    assert.equal(doc?.units[0]?.lagUnit, 'lsn');

    // A lease that cannot move (its blob container gone) is a stall: /readyz degraded, the gauge, the status doc.
    await container.delete();
    await events.items.create(event(total));
    await eventually(
      async () => {
        const res = await fetch(`${second.opsUrl}/readyz`);
        const body = (await res.json()) as { status: string; checks: Record<string, { detail?: string }> };
        assert.equal(res.status, 503);
        assert.match(body.checks.progress?.detail ?? '', /no progress: lease .* for \d+ s/);
        const stuck = (await second.metrics())
          .split('\n')
          .filter((l) => l.startsWith('exporter_lease_stuck_seconds{'));
        assert.ok(
          stuck.some((l) => Number(l.split(' ').at(-1)) > 1.5),
          stuck.join('\n'),
        );
        const { resource } = await status
          .item('exporter.exporter-int', 'exporter.exporter-int')
          .read<StageStatusDoc>();
        assert.ok(
          resource?.units.some((u) => u.stalled),
          JSON.stringify(resource?.units),
        );
      },
      { timeoutMs: 20_000, intervalMs: 250 },
    );
    await container.create();
    await eventually(async () => assert.equal((await fetch(`${second.opsUrl}/readyz`)).status, 200), {
      timeoutMs: 20_000,
      intervalMs: 250,
    });
  } finally {
    await second.process.stop();
  }
});

test('a batch delivered again, even grown, rewrites the same files and sets the same events aside once', async () => {
  const container = BlobServiceClient.fromConnectionString(stack.connections.storage).getContainerClient(
    'redelivery',
  );
  await container.createIfNotExists();
  const writer = await ParquetWriter.open();
  const registry = new Registry();
  const metrics = new ExporterMetrics(registry);
  try {
    const deadLetters = new ExportDeadLetters({ container: database.container('deadletters'), metrics });
    const exporter = new Exporter({ container, writer, deadLetters, metrics });
    const bad = Object.values(unexportable('redelivered'));
    // The bad ones among the good: the surrogate shares a file with good rows, which still make it.
    const changes = [...bad, ...Array.from({ length: 30 }, (_, i) => event(i))]
      .sort((a, b) => Number(a.id.startsWith('ev-')) - Number(b.id.startsWith('ev-')) || 0)
      .map((change, i) => ({ ...change, _lsn: 100 + i }));
    const context = (n: number) => ({
      leaseToken: '0',
      lsn: { minLsn: 100, maxLsn: 100 + n - 1 },
      signal: new AbortController().signal,
      logger: silent,
    });
    await exporter.handle(changes.slice(0, 20), context(20)); // written, then "crashed" before the checkpoint
    await exporter.handle(changes, context(33)); // redelivered from the same continuation, the feed has grown
    const { rows, ids, files } = await rowsOf(container, path.join(dir, 'c'));
    assert.equal(rows, 30);
    assert.equal(ids, 30);
    assert.equal(files.length, 6, 'one file per type and date');
    for (const change of bad) assert.equal((await deadLetter(change.id))?.stage, 'exporter', change.id);
    const counted = await registry.metrics();
    assert.equal(metricTotal(counted, 'exporter_dead_letters_total'), 3, 'once each, though delivered twice');
    for (const reason of ['envelope', 'partition', 'encoding'])
      assert.match(counted, new RegExp(`exporter_dead_letters_total\\{reason="${reason}"\\} 1`));
  } finally {
    await writer.close();
  }
});
