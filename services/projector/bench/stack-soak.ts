// `pnpm bench stack-soak`: SOAK_ORDERS (1,000,000) live orders at SOAK_RATE (1,000) orders/s through the whole
// pipeline on a private local stack kept on disk (Event Hubs emulator → ingest → `events` → projector →
// `views`), with the services and emulators as processes. Every SOAK_SAMPLE_S (30) s it prints orders sent,
// stored and projected per second, each process's RSS and the size of the stack's data folder; when the event
// store reaches each of SOAK_QUERIES_AT (100k, 500k, 1M) it times the operator's queries over `events` while
// the pipeline keeps running; at the end, freshness (Event Hubs ack → every view) p50/p99 per 100k orders.
// After sending, it waits up to SOAK_DRAIN_S (300) s for every view to hold every order. Ctrl-C (SIGINT) stops
// sending early and still prints the figures for what was sent.
// Reuses the projector bench's sender worker and freshness probe. A benchmark, not a test: nothing asserts.
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { metricTotal } from '@marquee/test-support';
import { startPipeline, startProjector } from '../test/support/pipeline.ts';
import { FreshnessProbe, percentile } from './freshness-probe.ts';
import { loadSender } from './sender.ts';
import { folderBytes, partBytes, rssMiB, slowestView, soakQueries, timeQueries } from './soak-probes.ts';

const ORDERS = Number(process.env.SOAK_ORDERS ?? 1_000_000);
const RATE = Number(process.env.SOAK_RATE ?? 1_000);
const SAMPLE_MS = Number(process.env.SOAK_SAMPLE_S ?? 30) * 1_000;
const WINDOW = Number(process.env.SOAK_WINDOW ?? 100_000);
const QUERIES_AT = (process.env.SOAK_QUERIES_AT ?? '100000,500000,1000000').split(',').map(Number);
/** After sending ends, how long to wait for the views to catch up before reporting what they hold. */
const DRAIN_MS = Number(process.env.SOAK_DRAIN_S ?? 300) * 1_000;
const SEED = 14;

const say = (line: string): boolean => process.stdout.write(`${line}\n`);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
const load = (): string => loadavg()[0]!.toFixed(1);
const orderId = (ordinal: number): string =>
  `pay_${SEED.toString(16).padStart(8, '0')}_${String(ordinal).padStart(10, '0')}`;

const dataDir = await mkdtemp(path.join(tmpdir(), 'stack-soak-'));
const pipeline = await startPipeline({ dataDir });
const projector = await startProjector(pipeline.stack, 'soak-1', {
  LEASE_RENEW_INTERVAL_MS: '1000',
  LEASE_EXPIRATION_MS: '5000',
  LEASE_ACQUIRE_INTERVAL_MS: '1000',
});
const pids: [string, number | undefined][] = [
  ...['eventhubs', 'cosmos', 'azurite', 'redis'].map((name): [string, number | undefined] => [
    name,
    pipeline.stack.services.get(name)?.pid,
  ]),
  ['ingest', pipeline.ingest.child.pid],
  ['projector', projector.process.child.pid],
  ['bench', process.pid],
];
const rssPeak = new Map<string, number>();
const rssLine = (): string =>
  pids
    .map(([name, pid]) => {
      const rss = rssMiB(pid);
      rssPeak.set(name, Math.max(rssPeak.get(name) ?? 0, rss));
      return `${name} ${rss.toFixed(0)}`;
    })
    .join(', ');

say(
  `# stack-soak: ${ORDERS} orders at ${RATE}/s, data in ${dataDir}; load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} at start (2 cores, shared)`,
);
const probe = new FreshnessProbe(pipeline.events, pipeline.views);
await probe.start();
const sender = await loadSender({
  connectionString: pipeline.stack.connections.eventHubs,
  seed: SEED,
  rate: RATE,
  count: ORDERS,
  invalidRatio: 0,
  duplicateRatio: 0,
});
const { acked } = sender;
const started = performance.now();
const sent = sender.start();
process.once('SIGINT', () => {
  say('SIGINT: sending stops; the figures follow once what was sent is in every view (or SOAK_DRAIN_S)');
  sender.stop();
});

const counts = async (): Promise<{ sent: number; stored: number; projected: number }> => ({
  sent: acked.at(-1)?.sent ?? 0,
  stored: metricTotal(await pipeline.ingestMetrics(), 'ingest_events_stored_total'),
  projected: slowestView(await projector.metrics(), 'projector_events_applied_total'),
});

const queryLines: string[] = [];
async function queriesAt(size: number): Promise<void> {
  const timings = await timeQueries(pipeline.events, soakQueries(SEED), orderId(1));
  for (const t of timings) {
    queryLines.push(
      `  ${String(size).padStart(8)} docs  ${t.name.padEnd(34)} ${(t.ms / 1000).toFixed(2).padStart(7)} s ` +
        `${String(t.rows).padStart(7)} rows  worst point read alongside ${t.worstReadMs.toFixed(0)} ms  (load ${load()})`,
    );
    say(queryLines.at(-1)!);
  }
}

say('   t s       sent     stored  projected  sent/s stored/s proj/s  load  RSS MiB  data');
let previous = { sent: 0, stored: 0, projected: 0, at: performance.now() };
let pendingQueries = [...QUERIES_AT];
let queryRun: Promise<void> = Promise.resolve();
let sentTotal: number | undefined;
let drainUntil = Infinity;
void sent.then((r) => {
  sentTotal = r.sent;
  drainUntil = performance.now() + DRAIN_MS;
});
for (;;) {
  await sleep(SAMPLE_MS);
  const now = performance.now();
  const c = await counts();
  const per = (a: number, b: number): string => String(Math.round((a - b) / ((now - previous.at) / 1000)));
  say(
    `${((now - started) / 1000).toFixed(0).padStart(5)} ${String(c.sent).padStart(10)} ${String(c.stored).padStart(10)} ` +
      `${String(c.projected).padStart(10)} ${per(c.sent, previous.sent).padStart(7)} ${per(c.stored, previous.stored).padStart(8)} ` +
      `${per(c.projected, previous.projected).padStart(6)} ${load().padStart(5)}  ${rssLine()}  ${mib(await folderBytes(dataDir))}`,
  );
  previous = { ...c, at: now };
  const due = pendingQueries.filter((n) => n <= c.stored);
  if (due.length > 0) {
    pendingQueries = pendingQueries.filter((n) => !due.includes(n));
    queryRun = queryRun.then(() => queriesAt(c.stored));
  }
  if (sentTotal !== undefined && (c.projected >= sentTotal || now > drainUntil)) break;
}
const result = await sent;
say(
  `sent ${result.sent} orders in ${result.seconds.toFixed(0)} s (${Math.round(result.sent / result.seconds)}/s); ` +
    `all in every view after ${((performance.now() - started) / 1000).toFixed(0)} s`,
);
await queryRun;
if (pendingQueries.length > 0) await queriesAt((await counts()).stored);

// Freshness per window of orders: each order's time is when Event Hubs acknowledged the batch carrying it.
const deadline = Date.now() + 10_000;
let batch = 0;
const windows: Map<string, number>[] = [];
for (let ordinal = 1; ordinal <= result.sent; ordinal++) {
  while ((acked[batch]?.sent ?? Infinity) < ordinal) batch += 1;
  const w = Math.floor((ordinal - 1) / WINDOW);
  (windows[w] ??= new Map()).set(orderId(ordinal), acked[batch]?.at ?? Date.now());
}
while (windows.some((w) => probe.latencies(w).unseen > 0) && Date.now() < deadline) await sleep(500);
await probe.stop();
say('freshness, Event Hubs ack → every view, per window of orders:');
for (const [i, window] of windows.entries()) {
  const { latencies, unseen } = probe.latencies(window);
  const sorted = latencies.sort((a, b) => a - b);
  const first = acked.find((a) => a.sent > i * WINDOW)?.at ?? 0;
  const last = acked.find((a) => a.sent >= (i + 1) * WINDOW)?.at ?? acked.at(-1)?.at ?? 0;
  say(
    `  orders ${String(i * WINDOW + 1).padStart(8)}–${String(Math.min(result.sent, (i + 1) * WINDOW)).padEnd(8)} ` +
      `sent at ${Math.round(window.size / Math.max(1, (last - first) / 1000))}/s  p50 ${percentile(sorted, 50)} ms  ` +
      `p99 ${percentile(sorted, 99)} ms  max ${sorted.at(-1)} ms` +
      (unseen > 0 ? `  (${unseen} not seen)` : ''),
  );
}
say('queries over `events` (all pages, SDK fetchAll):');
for (const line of queryLines) say(line);
say(`peak RSS MiB: ${[...rssPeak].map(([name, v]) => `${name} ${v.toFixed(0)}`).join(', ')}`);
const parts = await partBytes(dataDir);
const total = Object.values(parts).reduce((a, b) => a + b, 0);
say(
  `data folder after ${result.sent} orders: ${mib(total)} (${Object.entries(parts)
    .map(([k, v]) => `${k} ${mib(v)}`)
    .join(', ')}) = ${mib((total / result.sent) * 1_000_000)} per million orders; load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} at the end`,
);
await projector.process.stop();
await pipeline.stop();
await rm(dataDir, { recursive: true, force: true });
