// `pnpm bench pipeline [--orders 100000] [--no-fresh]`: the whole pipeline as processes on a private local stack,
// the figures issue 15 item 4 asks for, in one run:
//   1. burst: `--orders` orders (1% resent, 1% broken) wait in Event Hubs; a projector replica is running and
//      idle; ingest starts. Orders/s from ingest's start until every view has applied every unique valid
//      order; peak RSS (VmHWM) of ingest and of the projector; CPU of each process; store writes per order
//      (events created + dead letters + view docs written + quarantine records, over orders sent);
//   2. freshness: `pnpm bench projector` with BENCH_PHASES=fresh on a new stack (1,000 orders/s for 20 s:
//      p50/p99 from Event Hubs' acknowledgement to the effect in every view; BENCH_WARMUP_S reaches it, see
//      projector.ts).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { VIEW_KINDS } from '@marquee/domain';
import { cpuSeconds, freePort, metricTotal, ServiceProcess, stackEnv } from '@marquee/test-support';
import { uniqueOrders } from '../test/support/ground-truth.ts';
import { counterTotal, sendBackfill, startPipeline, startProjector } from '../test/support/pipeline.ts';

const { values } = parseArgs({
  options: { orders: { type: 'string', default: '100000' }, 'no-fresh': { type: 'boolean', default: false } },
});
const ORDERS = Number(values.orders);
const say = (line: string): boolean => process.stdout.write(`${line}\n`);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const MiB = (kb: number): string => `${(kb / 1024).toFixed(0)} MiB`;

// Every order lands in one doc of categories and of each time view, so their applied counts reach the number of
// orders; top movies and the funnel apply an order once per doc it touches, so for them the lag says it (0 once
// read to the head). Counting every view's applied events against orders × views stopped the clock early.
const COUNTED_VIEWS = ['categories', 'orders-hour', 'orders-day'];
const LAG_VIEWS = ['top-movies', 'funnel'];
const ofView = (text: string, name: string, view: string): number =>
  counterTotal(text, name, `view="${view}"`);
const appliedEverywhere = (text: string): number =>
  Math.min(...COUNTED_VIEWS.map((view) => ofView(text, 'projector_events_applied_total', view)));
const viewsComplete = (text: string, unique: number): boolean =>
  appliedEverywhere(text) >= unique &&
  LAG_VIEWS.every((view) => ofView(text, 'projector_lease_lag_lsn', view) === 0);

/** A field of /proc/<pid>/status in kB (VmRSS now, VmHWM the peak so far), 0 once the process is gone. */
function statusKb(pid: number | undefined, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith(`${field}:`));
    return Number(line?.split(/\s+/)[1] ?? 0);
  } catch {
    return 0;
  }
}

/** A counter's total per value of one label, e.g. `top-movies 120, categories 80`. */
function byLabel(text: string, metric: string, label: string): string {
  const line = new RegExp(`^${metric}\\{[^}]*${label}="([^"]+)"[^}]*\\} (\\S+)$`, 'gm');
  const totals = new Map<string, number>();
  for (const [, value = '', n] of text.matchAll(line))
    totals.set(value, (totals.get(value) ?? 0) + Number(n));
  return [...totals].map(([v, n]) => `${v} ${n}`).join(', ');
}

/**
 * BENCH_INGEST_NODE_OPTIONS / BENCH_PROJECTOR_NODE_OPTIONS: node flags for one service (to try heap sizes);
 * BENCH_COSMOS_NODE_OPTIONS / BENCH_EVENTHUBS_NODE_OPTIONS: the same for an emulator (e.g. `--cpu-prof`).
 */
function nodeOptions(service: 'INGEST' | 'PROJECTOR'): Record<string, string> {
  const value = process.env[`BENCH_${service}_NODE_OPTIONS`];
  return value === undefined ? {} : { NODE_OPTIONS: value };
}

async function burst(): Promise<void> {
  // The pipeline fixture's ingest would start reading at once: it is stopped, and a new one started once the
  // hub holds the whole burst.
  const p = await startPipeline({
    nodeOptions: {
      cosmos: process.env.BENCH_COSMOS_NODE_OPTIONS,
      eventhubs: process.env.BENCH_EVENTHUBS_NODE_OPTIONS,
    },
  });
  // Stopped in `finally`, so a burst that fails midway leaves no service running.
  const running: Array<{ stop(): Promise<unknown> }> = [];
  try {
    await p.ingest.stop();
    const out = path.join(p.dir, 'burst.jsonl');
    const sent = await sendBackfill(p.stack, out, { count: ORDERS });
    const unique = (await uniqueOrders([out])).size;
    const projector = await startProjector(p.stack, 'burst-1', {
      LEASE_RENEW_INTERVAL_MS: '1000',
      LEASE_EXPIRATION_MS: '5000',
      LEASE_ACQUIRE_INTERVAL_MS: '1000',
      ...nodeOptions('PROJECTOR'),
    });
    running.push(projector.process);
    const opsPort = await freePort();
    const pids = (): Record<string, number | undefined> => ({
      ingest: ingest.child.pid,
      projector: projector.process.child.pid,
      'cosmos emulator': p.stack.services.get('cosmos')?.pid,
      'event hubs emulator': p.stack.services.get('eventhubs')?.pid,
      azurite: p.stack.services.get('azurite')?.pid,
    });
    const projectorRssBefore = statusKb(projector.process.child.pid, 'VmRSS');
    const started = performance.now();
    const ingest = new ServiceProcess({
      service: 'ingest',
      env: {
        ...stackEnv(p.stack),
        OPS_PORT: String(opsPort),
        LOG_LEVEL: 'warn',
        ...nodeOptions('INGEST'),
      },
    });
    running.push(ingest);
    if (process.env.BENCH_DEBUG) say(`  pids: ${JSON.stringify(pids())}`);
    const cpuBefore = Object.fromEntries(Object.entries(pids()).map(([n, pid]) => [n, cpuSeconds(pid)]));
    let peakRss = { ingest: 0, projector: 0 };
    let applied = 0;
    let firstStored: number | undefined;
    let stored = 0;
    let lastReport = 0;
    const ingestMetrics = async (): Promise<string> =>
      (await fetch(`http://127.0.0.1:${opsPort}/metrics`).catch(() => undefined))?.text() ?? '';
    // One scrape of the projector per round: its scrapes are billed to its CPU too.
    for (
      let text = await projector.metrics();
      !viewsComplete(text, unique);
      text = await projector.metrics()
    ) {
      await sleep(100);
      if (performance.now() - started > 1_800_000) throw new Error(`only ${applied} orders in every view`);
      applied = appliedEverywhere(text);
      // Ingest's metrics are read until its first event is stored (and each time BENCH_DEBUG reports): ten
      // scrapes a second would otherwise cost ingest ~2% of its CPU, billed to it in the figures below.
      if (firstStored === undefined || process.env.BENCH_DEBUG) {
        stored = metricTotal(await ingestMetrics(), 'ingest_events_stored_total');
        if (stored > 0) firstStored ??= performance.now();
      }
      if (process.env.BENCH_DEBUG && Math.floor(performance.now() / 5000) !== lastReport) {
        lastReport = Math.floor(performance.now() / 5000);
        const mem = async (text: string): Promise<string> =>
          [
            'nodejs_heap_size_used_bytes',
            'nodejs_heap_size_total_bytes',
            'nodejs_external_memory_bytes',
            'process_resident_memory_bytes',
          ]
            .map((m) => String(Math.round(metricTotal(text, m) / 2 ** 20)))
            .join('/');
        say(
          `  ${((performance.now() - started) / 1000).toFixed(0)} s: ${stored} stored, ${applied} applied; ` +
            `MiB used/heap/external/rss ingest ${await mem(await ingestMetrics())}, projector ${await mem(await projector.metrics())}`,
        );
      }
      peakRss = {
        ingest: Math.max(peakRss.ingest, statusKb(ingest.child.pid, 'VmHWM')),
        projector: Math.max(peakRss.projector, statusKb(projector.process.child.pid, 'VmHWM')),
      };
    }
    const done = performance.now();
    const seconds = (done - started) / 1000;
    const cpu = Object.entries(pids())
      .map(([n, pid]) => `${n} ${(cpuSeconds(pid) - (cpuBefore[n] ?? 0)).toFixed(1)} s`)
      .join(', ');
    const ingestText = await ingestMetrics();
    const projectorText = await projector.metrics();
    const writes = {
      events: metricTotal(ingestText, 'ingest_events_stored_total'),
      deadLetters: metricTotal(ingestText, 'ingest_dead_letters_total'),
      views: metricTotal(projectorText, 'projector_view_writes_total'),
      quarantine: metricTotal(projectorText, 'projector_events_quarantined_total'),
    };
    const totalWrites = writes.events + writes.deadLetters + writes.views + writes.quarantine;
    const rssAfter = {
      ingest: statusKb(ingest.child.pid, 'VmRSS'),
      projector: statusKb(projector.process.child.pid, 'VmRSS'),
    };
    say(
      `burst: ${sent.sent} orders (${unique} unique valid) Event Hubs → ingest → events → projector → ${VIEW_KINDS.length} views in ` +
        `${seconds.toFixed(1)} s = ${Math.round(sent.sent / seconds)} orders/s from ingest's start ` +
        `(${Math.round(sent.sent / ((done - (firstStored ?? started)) / 1000))} orders/s from the first stored event)`,
    );
    say(
      `  peak RSS: ingest ${MiB(peakRss.ingest)}, projector ${MiB(peakRss.projector)} (idle before: ` +
        `${MiB(projectorRssBefore)}); after the burst: ingest ${MiB(rssAfter.ingest)}, projector ${MiB(rssAfter.projector)}`,
    );
    say(`  CPU during the burst: ${cpu} (${seconds.toFixed(1)} s wall, 2 cores)`);
    say(
      `  store writes: ${totalWrites} = ${(totalWrites / sent.sent).toFixed(3)} per order sent ` +
        `(events ${writes.events}, dead letters ${writes.deadLetters}, view docs ${writes.views}, quarantine ${writes.quarantine})`,
    );
    say(`  view doc writes by view: ${byLabel(projectorText, 'projector_view_writes_total', 'view')}`);
    say(`  feed pages by source: ${byLabel(projectorText, 'projector_feed_pages_total', 'source')}`);
  } finally {
    await Promise.allSettled(running.map((service) => service.stop()));
    await p.stop();
  }
}

say(
  `# pipeline bench: ${ORDERS} orders burst, then freshness at 1,000 orders/s (2-core box, all processes share it)`,
);
await burst();
if (!values['no-fresh']) {
  const result = spawnSync(process.execPath, [path.join(import.meta.dirname, 'projector.ts')], {
    stdio: 'inherit',
    env: { ...process.env, BENCH_PHASES: 'fresh' },
  });
  process.exitCode = result.status ?? 1;
}
