// `pnpm bench ingest [--events 50000] [--replicas 1,2]`: sustained events/s from Event Hubs into `events`
// with one and with two ingest replicas, each run on a fresh local stack. Prints where the time goes: the
// share of wall time spent inside batches, and the Cosmos bulk write rate on its own. CHECKPOINT_INTERVAL_MS, when
// set, is handed to the replicas (0: a checkpoint after every batch, to compare with the paced default).
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { CosmosClient, type JSONObject } from '@azure/cosmos';
import { createDocuments, ensureStore } from '@marquee/platform';
import pino from 'pino';
import { metricTotal, startLocalStack, startWorker, type Worker } from '@marquee/test-support';
import { generateEvents, sendEvents } from '../test/helpers/orders.ts';

const { values } = parseArgs({
  options: { events: { type: 'string', default: '50000' }, replicas: { type: 'string', default: '1,2' } },
});
const total = Number(values.events);
const replicaCounts = values.replicas.split(',').map(Number);

/** CPU seconds a process has used so far (Linux /proc), to say where the time goes. */
function cpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** Peak resident set (VmHWM, kB) of a process so far (Linux /proc). */
function peakRssKb(pid: number | undefined): number {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('VmHWM:'));
    return Number(line?.split(/\s+/)[1] ?? 0);
  } catch {
    return 0;
  }
}

async function run(replicas: number): Promise<void> {
  // BENCH_COSMOS_NODE_OPTIONS / BENCH_EVENTHUBS_NODE_OPTIONS: node flags for an emulator (e.g. `--cpu-prof`).
  const stack = await startLocalStack({
    ports: 'free',
    nodeOptions: {
      cosmos: process.env.BENCH_COSMOS_NODE_OPTIONS,
      eventhubs: process.env.BENCH_EVENTHUBS_NODE_OPTIONS,
    },
  });
  const client = new CosmosClient(stack.connections.cosmos);
  let workers: Worker[] = [];
  try {
    await ensureStore(client, 'marquee');
    const batch = generateEvents(total, 1000 + replicas, { invalid: 0, duplicate: 0 });
    let t = performance.now();
    await sendEvents(stack.connections.eventHubs, batch.events);
    const sendSeconds = (performance.now() - t) / 1000;

    workers = await Promise.all(
      Array.from({ length: replicas }, () =>
        startWorker(stack, 'ingest', {
          LOG_LEVEL: 'warn',
          ...(process.env.CHECKPOINT_INTERVAL_MS === undefined
            ? {}
            : { CHECKPOINT_INTERVAL_MS: process.env.CHECKPOINT_INTERVAL_MS }),
          ...(process.env.BENCH_INGEST_NODE_OPTIONS === undefined
            ? {}
            : { NODE_OPTIONS: process.env.BENCH_INGEST_NODE_OPTIONS }),
        }),
      ),
    );
    const pids: Record<string, (number | undefined)[]> = {
      ingest: workers.map((w) => w.process.child.pid),
      'cosmos emulator': [stack.services.get('cosmos')?.pid],
      'event hubs emulator': [stack.services.get('eventhubs')?.pid],
      azurite: [stack.services.get('azurite')?.pid],
    };
    const cpuBefore = Object.fromEntries(
      Object.entries(pids).map(([name, list]) => [
        name,
        list.reduce<number>((sum, pid) => sum + cpuSeconds(pid), 0),
      ]),
    );
    t = performance.now();
    let firstAt: number | undefined;
    let done = 0;
    let batchSeconds = 0;
    let peakKb = 0;
    while (done < total) {
      // Each scrape of /metrics costs the replica CPU billed to it below: 4 a second, not 10 (~4% of its CPU).
      await new Promise((r) => setTimeout(r, 250));
      for (const w of workers) peakKb = Math.max(peakKb, peakRssKb(w.process.child.pid));
      const texts = await Promise.all(workers.map((w) => w.metrics()));
      done = texts.reduce((sum, text) => sum + metricTotal(text, 'ingest_events_stored_total'), 0);
      batchSeconds = texts.reduce(
        (sum, text) => sum + metricTotal(text, 'ingest_batch_duration_seconds_sum'),
        0,
      );
      if (done > 0) firstAt ??= performance.now();
      if (performance.now() - t > 300_000) throw new Error(`only ${done} of ${total} stored after 300 s`);
    }
    const seconds = (performance.now() - (firstAt ?? t)) / 1000;
    const used = Object.entries(pids).map(
      ([name, list]) =>
        [name, list.reduce<number>((sum, pid) => sum + cpuSeconds(pid), 0) - (cpuBefore[name] ?? 0)] as const,
    );
    const cpu = used.map(([name, s]) => `${name} ${((1_000_000 * s) / total).toFixed(0)} ms`).join(', ');
    // The ceiling this CPU cost allows whatever the scheduling: every core busy with this pipeline alone.
    const cpuPerEvent = used.reduce((sum, [, s]) => sum + s, 0) / total;
    const cores = availableParallelism();
    console.log(
      `ingest ${replicas} replica(s): ${total} events in ${seconds.toFixed(1)} s = ${Math.round(total / seconds)} events/s ` +
        `(preloading the hub: ${Math.round(total / sendSeconds)} events/s; time inside batches ${batchSeconds.toFixed(1)} s ` +
        `summed over replicas = ${Math.round((100 * batchSeconds) / (seconds * replicas))}% of wall time)`,
    );
    const batches = (await Promise.all(workers.map((w) => w.metrics()))).reduce(
      (sum, text) => sum + metricTotal(text, 'ingest_batch_duration_seconds_count'),
      0,
    );
    console.log(
      `  CPU per 1,000 events: ${cpu}; peak RSS of an ingest replica ${(peakKb / 1024).toFixed(0)} MiB; ` +
        `${batches} batches of ${Math.round(total / Math.max(1, batches))} events on average`,
    );
    console.log(
      `  CPU of the four processes: ${(1_000_000 * cpuPerEvent).toFixed(0)} ms per 1,000 events, so at most ` +
        `${Math.round(cores / cpuPerEvent).toLocaleString('en-US')} events/s on this machine's ${cores} cores with nothing else running`,
    );
  } finally {
    await Promise.all(workers.map((w) => w.process.stop()));
    client.dispose();
    await stack.stop();
  }
}

async function bulkOnly(): Promise<void> {
  const stack = await startLocalStack({ ports: 'free' });
  const client = new CosmosClient(stack.connections.cosmos);
  try {
    const container = (await ensureStore(client, 'marquee')).container('events');
    const docs = generateEvents(20_000, 5, { invalid: 0, duplicate: 0 }).events.map((e, i) => ({
      id: `bulk-${i}`,
      type: 'OrderPlaced',
      data: JSON.parse(e.body.toString('utf8')) as JSONObject,
    }));
    const t = performance.now();
    await createDocuments(container, docs, {
      signal: AbortSignal.timeout(300_000),
      logger: pino({ level: 'silent' }),
    });
    const seconds = (performance.now() - t) / 1000;
    console.log(
      `cosmos bulk create alone (the writer ingest uses): ${docs.length} docs in ${seconds.toFixed(1)} s = ${Math.round(docs.length / seconds)} docs/s`,
    );
  } finally {
    client.dispose();
    await stack.stop();
  }
}

for (const replicas of replicaCounts) await run(replicas);
await bulkOnly();
