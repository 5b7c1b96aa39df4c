// `pnpm bench projector [--replicas 1,2,4]`: the projector on a private local stack, as processes (ingest,
// projector replicas).
//   1. throughput: BENCH_ORDERS (20,000) backfilled orders already in the event store, projected into all four
//      views from scratch by each replica count (default 1, then 3): events/s, view writes, write conflicts
//      (412/409) and CPU per 1,000 events, and events per CPU-second (the figure that shows linear scaling on a
//      box with fewer cores than replicas); with --replicas, a table of them at the end;
//   2. freshness: BENCH_RATE (1,000) live orders/s for BENCH_SECONDS (20) through Event Hubs → ingest →
//      projector (BENCH_FRESH_REPLICAS, 1): p50/p99 from an order's acknowledgement by Event Hubs to its effect
//      in every view, and view writes per 1,000 events at that rate. BENCH_WARMUP_S (0) first sends that many
//      seconds of other orders at the same rate, unmeasured: the window then starts with every process past its
//      first runs of each hot path and each view doc of the traffic created, as in a pipeline that has been
//      running; without it the window's first seconds measure freshly started processes.
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import type { Container } from '@azure/cosmos';
import { orderEventId, validateOrder, VIEW_KINDS } from '@marquee/domain';
import { parseOutFile, recordBytes } from '@marquee/datagen';
import { uniqueOrders } from '../test/support/ground-truth.ts';
import { rangePlacement } from '../test/support/lease-placement.ts';
import {
  counterTotal,
  sendBackfill,
  startPipeline,
  startProjector,
  type Pipeline,
  type Replica,
} from '../test/support/pipeline.ts';
import { FreshnessProbe, percentile } from './freshness-probe.ts';
import { loadSender } from './sender.ts';
import { gcPauses, tailSplit } from './tail-split.ts';

const ORDERS = Number(process.env.BENCH_ORDERS ?? 20_000);
const RATE = Number(process.env.BENCH_RATE ?? 1_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const FRESH_REPLICAS = Number(process.env.BENCH_FRESH_REPLICAS ?? 1);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_S ?? 0);
const replicasArg = process.argv.indexOf('--replicas');
/** Replica counts of the throughput phase (`--replicas 1,2,4`); without it, 1 and 3. */
const REPLICAS =
  replicasArg < 0
    ? [1, 3]
    : (process.argv[replicasArg + 1] ?? '')
        .split(',')
        .map(Number)
        .filter((n) => Number.isInteger(n) && n > 0);
/** Comma-separated phases to run: tp (throughput), fresh (default both; --replicas alone: tp). */
const PHASES = (process.env.BENCH_PHASES ?? (replicasArg < 0 ? 'tp,fresh' : 'tp')).split(',');
/** BENCH_PROJECTOR_NODE_OPTIONS: node flags for the replicas only (`--cpu-prof`, heap sizes). */
const nodeOptions: Record<string, string> =
  process.env.BENCH_PROJECTOR_NODE_OPTIONS === undefined
    ? {}
    : { NODE_OPTIONS: process.env.BENCH_PROJECTOR_NODE_OPTIONS };
const PRODUCTION_LEASES = {
  LEASE_RENEW_INTERVAL_MS: '1000',
  LEASE_EXPIRATION_MS: '5000',
  LEASE_ACQUIRE_INTERVAL_MS: '1000',
};

/** CPU seconds (user + system) a process has used so far, from /proc (Linux). */
async function cpuSeconds(pid: number | undefined): Promise<number> {
  if (pid === undefined) return Number.NaN;
  try {
    const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

/** The peak resident set of a process so far (/proc VmHWM, kB), 0 once it is gone. */
async function peakRssKb(pid: number | undefined): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  return Number(/^VmHWM:\s+(\d+)/m.exec(status)?.[1] ?? 0);
}

const say = (line: string): boolean => process.stdout.write(`${line}\n`);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function count(container: Container): Promise<number> {
  return (await container.items.query<number>('SELECT VALUE COUNT(1) FROM c').fetchAll()).resources[0] ?? 0;
}

async function wipe(container: Container): Promise<void> {
  const { resources } = await container.items.query<string>('SELECT VALUE c.id FROM c').fetchAll();
  await Promise.all(resources.map((id) => container.item(id, id).delete()));
}

async function metricSum(replicas: readonly Replica[], name: string): Promise<number> {
  return metricSumOf(replicas, name, '');
}

async function metricSumOf(replicas: readonly Replica[], name: string, labels: string): Promise<number> {
  const texts = await Promise.all(replicas.map((r) => r.metrics()));
  return texts.reduce((sum, text) => sum + counterTotal(text, name, labels), 0);
}

async function startReplicas(p: Pipeline, n: number, tag: string): Promise<Replica[]> {
  return Promise.all(
    Array.from({ length: n }, (_, i) =>
      startProjector(p.stack, `${tag}-${i + 1}`, { ...PRODUCTION_LEASES, LOG_LEVEL: 'warn', ...nodeOptions }),
    ),
  );
}

interface ThroughputRow {
  replicas: number;
  eventsPerSecond: number;
  cpuMsPer1000: number;
  conflictsPer1000: number;
  writesPer1000: number;
  eventsPerCpuSecond: number;
}

async function throughput(p: Pipeline, replicas: number, unique: number): Promise<ThroughputRow> {
  await wipe(p.views);
  await wipe(p.leases);
  const started = performance.now();
  const running = await startReplicas(p, replicas, `tp${replicas}`);
  const ready = performance.now();
  // CPU spent starting (module loading, first connections) is not per-event work: measured from here.
  const cpuAtReady = await metricSum(running, 'process_cpu_seconds_total');
  // Every order lands in one doc of categories and of each time view (top movies: one per id range of its
  // lines, and the funnel once per doc, so their counts say nothing of completion; their lag does).
  const applied = (view: string) => metricSumOf(running, 'projector_events_applied_total', `view="${view}"`);
  const complete = async (): Promise<boolean> =>
    (await Promise.all(['categories', 'orders-hour', 'orders-day'].map(applied))).every((n) => n >= unique) &&
    (await metricSumOf(running, 'projector_lease_lag_lsn', 'view="top-movies"')) === 0 &&
    (await metricSumOf(running, 'projector_lease_lag_lsn', 'view="funnel"')) === 0;
  while (!(await complete())) await sleep(100);
  const done = performance.now();
  const writes = await metricSum(running, 'projector_view_writes_total');
  const conflicts = await metricSum(running, 'projector_write_conflicts_total');
  const cpu = (await metricSum(running, 'process_cpu_seconds_total')) - cpuAtReady;
  // The most a replica held at once (/proc VmHWM): catching up from a full store is the projector's worst case.
  const peakMiB = Math.max(...(await Promise.all(running.map((r) => peakRssKb(r.process.child.pid))))) / 1024;
  const pages = async (source: string): Promise<number> =>
    metricSumOf(running, 'projector_feed_pages_total', `source="${source}"`);
  const [storePages, sharedPages] = [await pages('store'), await pages('shared')];
  const placed = await rangePlacement(p);
  await Promise.all(running.map((r) => r.process.stop()));
  const seconds = (done - started) / 1000;
  const lost = running.flatMap((r) => r.process.logs).filter((l) => l.includes('lease lost')).length;
  const row: ThroughputRow = {
    replicas,
    eventsPerSecond: unique / seconds,
    cpuMsPer1000: (cpu / unique) * 1e6,
    conflictsPer1000: (conflicts / unique) * 1000,
    writesPer1000: (writes / unique) * 1000,
    eventsPerCpuSecond: unique / cpu,
  };
  say(
    `throughput, ${replicas} replica(s): ${unique} events into ${VIEW_KINDS.length} views in ${seconds.toFixed(1)} s ` +
      `(${((done - ready) / 1000).toFixed(1)} s after ready) = ${Math.round(row.eventsPerSecond)} events/s; ` +
      `${writes} view writes = ${row.writesPer1000.toFixed(0)} per 1,000 events; ${conflicts} write conflicts = ` +
      `${row.conflictsPer1000.toFixed(1)} per 1,000 events; ${lost} leases lost; projector CPU ${cpu.toFixed(1)} s ` +
      `after start-up = ${row.cpuMsPer1000.toFixed(0)} ms per 1,000 events = ${Math.round(row.eventsPerCpuSecond)} events per CPU-second; ` +
      `peak RSS ${peakMiB.toFixed(0)} MiB (the largest replica); feed pages ${storePages} read, ${sharedPages} shared; ` +
      `ranges with all ${VIEW_KINDS.length} views in one replica at the end: ${placed.together} of ${placed.ranges}`,
  );
  return row;
}

function table(rows: readonly ThroughputRow[]): void {
  say('');
  say(
    '| replicas | events/s | CPU ms / 1,000 events | conflicts / 1,000 events | view writes / 1,000 events | events / CPU-second |',
  );
  say(
    '| -------- | -------- | --------------------- | ------------------------ | -------------------------- | ------------------- |',
  );
  for (const r of rows) {
    say(
      `| ${r.replicas} | ${Math.round(r.eventsPerSecond)} | ${r.cpuMsPer1000.toFixed(0)} | ${r.conflictsPer1000.toFixed(1)} | ` +
        `${r.writesPer1000.toFixed(0)} | ${Math.round(r.eventsPerCpuSecond)} |`,
    );
  }
}

/** Unmeasured orders at the rate for WARMUP_SECONDS, then 2 s for the pipeline to finish them. */
async function warmUp(p: Pipeline): Promise<void> {
  const sender = await loadSender({
    connectionString: p.stack.connections.eventHubs,
    seed: 8,
    rate: RATE,
    durationMs: WARMUP_SECONDS * 1_000,
    out: path.join(p.dir, 'warm-up.jsonl'),
  });
  const result = await sender.start();
  say(
    `warm-up: ${result.sent} orders in ${WARMUP_SECONDS} s before the window (BENCH_WARMUP_S), not measured`,
  );
  await sleep(2_000);
}

async function freshness(p: Pipeline): Promise<void> {
  const running = await startReplicas(p, FRESH_REPLICAS, 'fresh');
  await sleep(3_000); // leases settled
  if (WARMUP_SECONDS > 0) await warmUp(p);
  const writesBefore = await metricSum(running, 'projector_view_writes_total');
  const batchesBefore = await metricSum(running, 'projector_batches_total');
  const pages = async (source: string): Promise<number> =>
    metricSumOf(running, 'projector_feed_pages_total', `source="${source}"`);
  const pagesBefore = { store: await pages('store'), shared: await pages('shared') };
  /** Ingest's batches (count, seconds) and the projector's (count, seconds, all views) so far. */
  const batchTimes = async (): Promise<number[]> => {
    const ingestText = await p.ingestMetrics();
    return [
      counterTotal(ingestText, 'ingest_batch_duration_seconds_count'),
      counterTotal(ingestText, 'ingest_batch_duration_seconds_sum'),
      counterTotal(ingestText, 'ingest_checkpoints_total'),
      await metricSum(running, 'projector_batch_duration_seconds_count'),
      await metricSum(running, 'projector_batch_duration_seconds_sum'),
      await metricSumOf(running, 'projector_batch_duration_seconds_count', 'view="top-movies"'),
      await metricSumOf(running, 'projector_batch_duration_seconds_sum', 'view="top-movies"'),
    ];
  };
  const batchTimesBefore = await batchTimes();
  const stackPids = ['cosmos', 'eventhubs', 'azurite'].map((name) => p.stack.services.get(name)?.pid);
  const cpu = async (): Promise<number[]> =>
    Promise.all(
      [...running.map((r) => r.process.child.pid), ...stackPids, p.ingest.child.pid].map(cpuSeconds),
    );
  const out = path.join(p.dir, 'live.jsonl');
  const sender = await loadSender({
    connectionString: p.stack.connections.eventHubs,
    seed: 7,
    rate: RATE,
    durationMs: SECONDS * 1_000,
    out,
  });
  const probe = new FreshnessProbe(p.events, p.views);
  const cpuBefore = await cpu();
  const benchCpuBefore = process.cpuUsage();
  await probe.start();
  const result = await sender.start();
  // The bench's own cost while orders flow (sender and probe), before it parses what was sent.
  const benchCpu = process.cpuUsage(benchCpuBefore);
  const { acked } = sender;
  // Each order's time is when Event Hubs acknowledged the batch that carried it.
  const sentAt = new Map<string, number>();
  const records = parseOutFile(await readFile(out, 'utf8'));
  let batch = 0;
  records.forEach((record, i) => {
    while ((acked[batch]?.sent ?? Infinity) <= i) batch += 1;
    const validation = validateOrder(recordBytes(record), { now: new Date() });
    const id = validation.ok ? orderEventId(validation.order) : undefined;
    if (id !== undefined && !sentAt.has(id)) sentAt.set(id, acked[batch]?.at ?? Date.now());
  });
  const deadline = Date.now() + 60_000;
  while (probe.latencies(sentAt).unseen > 0 && Date.now() < deadline) await sleep(200);
  await probe.stop();
  const { latencies, ingest, projector, unseen } = probe.latencies(sentAt);
  const hops = probe.hops(sentAt);
  const sorted = latencies.sort((a, b) => a - b);
  const split = (xs: number[]): string => {
    const s = xs.sort((a, b) => a - b);
    return `p50 ${percentile(s, 50)} ms, p99 ${percentile(s, 99)} ms`;
  };
  const writes = (await metricSum(running, 'projector_view_writes_total')) - writesBefore;
  const batches = (await metricSum(running, 'projector_batches_total')) - batchesBefore;
  const [
    ingestBatches = 0,
    ingestSeconds = 0,
    ingestCheckpoints = 0,
    projectorBatches = 0,
    projectorSeconds = 0,
    topBatches = 0,
    topSeconds = 0,
  ] = (await batchTimes()).map((after, i) => after - (batchTimesBefore[i] ?? 0));
  const storePages = (await pages('store')) - pagesBefore.store;
  const sharedPages = (await pages('shared')) - pagesBefore.shared;
  const cpuUsed = (await cpu()).map((after, i) => after - (cpuBefore[i] ?? 0));
  const rounds = probe.readRounds.sort((a, b) => a - b);
  say(
    `  probe: its feed reads (events and views) took p50 ${percentile(rounds, 50).toFixed(0)} ms, p99 ${percentile(rounds, 99).toFixed(0)} ms`,
  );
  if (process.env.BENCH_DEBUG) {
    const text = await running[0]?.metrics();
    say(
      text
        ?.split('\n')
        .filter((l) =>
          /^projector_(batches|batch_duration_seconds_(sum|count)|events_applied|lease_lag)|eventloop_lag_(p99|mean)/.test(
            l,
          ),
        )
        .join('\n') ?? '',
    );
    say(
      running
        .flatMap((r) => r.process.logs)
        .slice(-20)
        .join('\n'),
    );
  }
  const projectorCpu = cpuUsed.slice(0, running.length).reduce((a, b) => a + b, 0);
  const [cosmosCpu = 0, eventHubsCpu = 0, azuriteCpu = 0, ingestCpu = 0] = cpuUsed.slice(running.length);
  const perThousand = (seconds: number): string => `${((seconds / sentAt.size) * 1e6).toFixed(0)} ms`;
  await Promise.all(running.map((r) => r.process.stop()));
  say(
    `freshness at ${Math.round(result.sent / result.seconds)} orders/s for ${result.seconds.toFixed(0)} s, ` +
      `${FRESH_REPLICAS} replica(s): p50 ${percentile(sorted, 50)} ms, p90 ${percentile(sorted, 90)} ms, ` +
      `p99 ${percentile(sorted, 99)} ms, max ${sorted.at(-1)} ms over ${sorted.length} orders` +
      (unseen > 0 ? ` (${unseen} never seen within 60 s)` : ''),
  );
  say(
    `  of which Event Hubs → received by ingest: ${split(ingest)}; ingest → event store → every view: ${split(projector)}`,
  );
  for (const line of tailSplit(hops)) say(line);
  const gc = gcPauses(running.flatMap((r) => r.process.logs));
  if (gc !== undefined) say(gc);
  say(
    `  CPU per 1,000 events: projector ${perThousand(projectorCpu)} (${projectorCpu.toFixed(1)} s), ` +
      `Cosmos emulator ${perThousand(cosmosCpu)}, ingest ${perThousand(ingestCpu)}, ` +
      `Event Hubs emulator ${perThousand(eventHubsCpu)}, Azurite ${perThousand(azuriteCpu)}, ` +
      `this bench while sending (sender, probe) ${perThousand((benchCpu.user + benchCpu.system) / 1e6)}`,
  );
  say(
    `  ingest: ${ingestBatches} batches of ${(sentAt.size / ingestBatches).toFixed(1)} events, ` +
      `${((ingestSeconds / ingestBatches) * 1000).toFixed(0)} ms each (store, and checkpoint when due), ` +
      `${ingestCheckpoints} checkpoints; projector: batches ` +
      `applied in ${((projectorSeconds / projectorBatches) * 1000).toFixed(0)} ms on average ` +
      `(top-movies ${((topSeconds / topBatches) * 1000).toFixed(0)}, the others ` +
      `${(((projectorSeconds - topSeconds) / (projectorBatches - topBatches)) * 1000).toFixed(0)})`,
  );
  say(
    `  view writes at that rate: ${writes} = ${((writes / sentAt.size) * 1000).toFixed(0)} per 1,000 events; ` +
      `${batches} batches (all views) = ${(sentAt.size / (batches / VIEW_KINDS.length)).toFixed(0)} events per batch of a view; ` +
      `feed pages read from the store ${storePages}, shared ${sharedPages}`,
  );
}

const pipeline = await startPipeline();
try {
  say(
    `# projector bench: ${ORDERS} orders, then ${RATE}/s for ${SECONDS} s (2-core box: emulators, ingest and replicas share it)`,
  );
  const out = path.join(pipeline.dir, 'backfill.jsonl');
  const needsBackfill = PHASES.includes('tp');
  if (needsBackfill) await sendBackfill(pipeline.stack, out, { count: ORDERS });
  const unique = needsBackfill ? (await uniqueOrders([out])).size : 0;
  while ((await count(pipeline.events)) < unique) await sleep(500);
  const rows: ThroughputRow[] = [];
  if (PHASES.includes('tp')) for (const n of REPLICAS) rows.push(await throughput(pipeline, n, unique));
  if (rows.length > 1) table(rows);
  if (PHASES.includes('fresh')) await freshness(pipeline);
} finally {
  await pipeline.stop();
}
