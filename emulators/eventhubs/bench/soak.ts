// The emulator over a million events (issue 14 item 4), as its own process with a data directory and its
// default retention (or the --retention-* flags given after the count):
//   node emulators/eventhubs/bench/soak.ts [events=1000000] [--retention-mib 128 ...]
//  1. sends the events (~600 B, batches of 100, 8 in flight, round robin over 4 partitions) and prints, every
//     100,000: events/s, the emulator's RSS, the size of its data directory and how many events retention
//     keeps (the partitions' beginning sequence numbers moving on);
//  2. reads partition 0 from its start in a worker thread with a 20,000-event prefetch, while this thread
//     sends one event every 20 ms to partition 1 and reads it back, and asks for partition properties: the
//     live send→receive latency and management round trip before and during that catch-up read.
import { readdirSync, rmSync, statSync, mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import {
  EventHubConsumerClient,
  EventHubProducerClient,
  latestEventPosition,
  type EventHubProperties,
} from '@azure/event-hubs';
import { startEmulatorProcess } from './emulator-process.ts';

const args = process.argv.slice(2);
const total = Number(args.find((a) => /^\d+$/.test(a)) ?? 1_000_000);
const retentionFlags = args.filter((a, i) => a.startsWith('--') || args[i - 1]?.startsWith('--'));
const hub = 'soak';
const partitions = 4;
const dataDir = mkdtempSync(path.join(tmpdir(), 'eventhubs-soak-'));
const emulator = await startEmulatorProcess(
  [{ name: hub, partitionCount: partitions }],
  ['--data-dir', dataDir, ...retentionFlags],
);
const producer = new EventHubProducerClient(emulator.connectionString, hub);
const mib = (n: number): string => `${(n / 1024 / 1024).toFixed(0)} MiB`;
const say = (line: string): boolean => process.stdout.write(`${line}\n`);

function dirBytes(dir: string): number {
  let sum = 0;
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) sum += statSync(path.join(e.parentPath, e.name)).size;
  }
  return sum;
}

async function retained(): Promise<{ events: number; begins: number[] }> {
  const props = await Promise.all(
    Array.from({ length: partitions }, (_, i) => producer.getPartitionProperties(String(i))),
  );
  return {
    events: props.reduce(
      (s, p) => s + (p.isEmpty ? 0 : p.lastEnqueuedSequenceNumber - p.beginningSequenceNumber + 1),
      0,
    ),
    begins: props.map((p) => p.beginningSequenceNumber),
  };
}

const pad = 'x'.repeat(420);
const batch = (start: number): { body: unknown; properties: Record<string, unknown> }[] =>
  Array.from({ length: 100 }, (_, i) => ({
    body: {
      id: String(start + i),
      kind: 'OrderPlaced',
      customer: 'c'.repeat(40),
      items: pad,
      at: new Date().toISOString(),
    },
    properties: { type: 'OrderPlaced', version: 1 },
  }));

say(
  `# eventhubs soak: ${total} events, retention ${retentionFlags.join(' ') || 'defaults'}; load ${loadavg()[0]!.toFixed(1)}`,
);
say('      sent  events/s  emulator RSS  data dir  retained  beginning sequence numbers');
const props: EventHubProperties = await producer.getEventHubProperties();
let next = 0;
let windowStart = performance.now();
let windowFrom = 0;
async function sender(): Promise<void> {
  while (next < total) {
    const start = next;
    next += 100;
    await producer.sendBatch(batch(start), { partitionId: props.partitionIds[(start / 100) % partitions] });
    if ((start + 100) % 100_000 === 0) {
      const now = performance.now();
      const r = await retained();
      say(
        `${String(start + 100).padStart(10)} ${String(Math.round((start + 100 - windowFrom) / ((now - windowStart) / 1000))).padStart(9)} ` +
          `${mib((await emulator.rss?.()) ?? 0).padStart(13)} ${mib(dirBytes(dataDir)).padStart(9)} ${String(r.events).padStart(9)}  ` +
          `${r.begins.join(', ')}  (load ${loadavg()[0]!.toFixed(1)})`,
      );
      windowStart = now;
      windowFrom = start + 100;
    }
  }
}
await Promise.all(Array.from({ length: 8 }, () => sender()));

// Live traffic on partition 1, timed from this thread.
const consumer = new EventHubConsumerClient('$Default', emulator.connectionString, hub);
const sentAt = new Map<number, number>();
const latencies: number[] = [];
const subscription = consumer.subscribe(
  '1',
  {
    processEvents: async (events) => {
      for (const e of events) {
        const at = sentAt.get((e.body as { live?: number }).live ?? -1);
        if (at !== undefined) latencies.push(performance.now() - at);
      }
    },
    processError: async () => undefined,
  },
  { startPosition: latestEventPosition, maxBatchSize: 10, maxWaitTimeInSeconds: 0.05 },
);
await new Promise((r) => setTimeout(r, 1_000));
let live = 0;
async function liveTraffic(until: () => boolean): Promise<{ latency: number[]; management: number[] }> {
  latencies.length = 0;
  const management: number[] = [];
  while (!until()) {
    const n = live++;
    sentAt.set(n, performance.now());
    await producer.sendBatch([{ body: { live: n } }], { partitionId: '1' });
    const t = performance.now();
    await producer.getPartitionProperties('2');
    management.push(performance.now() - t);
    await new Promise((r) => setTimeout(r, 20));
  }
  await new Promise((r) => setTimeout(r, 500));
  return { latency: [...latencies], management };
}
const stats = (xs: number[]): string => {
  const s = [...xs].sort((a, b) => a - b);
  const p = (q: number): string => (s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] ?? NaN).toFixed(0);
  return `p50 ${p(0.5)} ms, p99 ${p(0.99)} ms, max ${p(1)} ms (${s.length})`;
};
const quietUntil = performance.now() + 5_000;
const quiet = await liveTraffic(() => performance.now() > quietUntil);
const p0 = await producer.getPartitionProperties('0');
let backlogDone = false;
let backlogRead = 0;
const readStart = performance.now();
const worker = new Worker(new URL('./backlog-reader.ts', import.meta.url), {
  workerData: {
    connectionString: emulator.connectionString,
    hub,
    partitionId: '0',
    until: p0.lastEnqueuedSequenceNumber,
  },
});
worker.on('message', (m: { read?: number; done?: number }) => {
  backlogRead = m.done ?? m.read ?? backlogRead;
  if (m.done !== undefined) backlogDone = true;
});
const during = await liveTraffic(() => backlogDone);
const readSeconds = (performance.now() - readStart) / 1000;
say(
  `catch-up read of partition 0 (${backlogRead} events from sequence number ${p0.beginningSequenceNumber}) ` +
    `in ${readSeconds.toFixed(1)} s = ${Math.round(backlogRead / readSeconds)} events/s (worker thread, prefetch 20,000)`,
);
say(`live send→receive on partition 1, quiet:        ${stats(quiet.latency)}`);
say(`live send→receive on partition 1, during it:    ${stats(during.latency)}`);
say(`partition properties round trip, quiet:        ${stats(quiet.management)}`);
say(`partition properties round trip, during it:    ${stats(during.management)}`);
say(
  `emulator RSS at the end ${mib((await emulator.rss?.()) ?? 0)}, data dir ${mib(dirBytes(dataDir))}; load ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
await subscription.close();
await consumer.close();
await producer.close();
await emulator.close();
rmSync(dataDir, { recursive: true, force: true });
