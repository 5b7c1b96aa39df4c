// Throughput of the emulator through the official SDK: send N events (batches of 100 events of ~600 bytes,
// round robin over 4 partitions), then receive them all with EventHubConsumerClient.subscribe.
//   node emulators/eventhubs/bench/throughput.ts [events=200000] [inFlight=8] [--in-process]
// The emulator runs as its own process (src/cli.ts, like in the local stack) unless --in-process; extra node
// flags for it (e.g. --cpu-prof) come from EMULATOR_NODE_OPTIONS. Prints events/s each way and memory.
import { EventHubConsumerClient, EventHubProducerClient, earliestEventPosition } from '@azure/event-hubs';
import pino from 'pino';
import { startEventHubsEmulator } from '../src/index.ts';
import { startEmulatorProcess, type BenchEmulator } from './emulator-process.ts';

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const inProcess = process.argv.includes('--in-process');
const total = Number(args[0] ?? 200_000);
const inFlight = Number(args[1] ?? 8);
const batchSize = 100;
const partitions = 4;

const emulator: BenchEmulator = inProcess
  ? await startEventHubsEmulator({
      port: 0,
      hubs: [{ name: 'bench', partitionCount: partitions }],
      logger: pino({ level: 'warn' }),
    })
  : await startEmulatorProcess([{ name: 'bench', partitionCount: partitions }]);
const producer = new EventHubProducerClient(emulator.connectionString, 'bench');
const body = {
  id: '',
  kind: 'OrderPlaced',
  customer: 'c'.repeat(40),
  items: 'x'.repeat(400),
  total: 0,
  at: '',
};
const makeBatch = (start: number): { body: unknown; properties: Record<string, unknown> }[] =>
  Array.from({ length: batchSize }, (_, i) => ({
    body: { ...body, id: String(start + i), total: start + i, at: new Date().toISOString() },
    properties: { type: 'OrderPlaced', version: 1 },
  }));
const eventSize = Buffer.byteLength(JSON.stringify(makeBatch(0)[0]));

await producer.getEventHubProperties(); // connect before timing
const cpu0 = { client: process.cpuUsage(), emulator: (await emulator.cpuSeconds?.()) ?? 0 };
const sendStart = performance.now();
let next = 0;
async function sender(): Promise<void> {
  while (next < total) {
    const start = next;
    next += batchSize;
    await producer.sendBatch(makeBatch(start), { partitionId: String((start / batchSize) % partitions) });
  }
}
await Promise.all(Array.from({ length: inFlight }, () => sender()));
const sendSeconds = (performance.now() - sendStart) / 1000;
const afterSend = process.memoryUsage();
const cpu1 = { client: process.cpuUsage(), emulator: (await emulator.cpuSeconds?.()) ?? 0 };

const consumer = new EventHubConsumerClient('$Default', emulator.connectionString, 'bench');
let received = 0;
const receiveStart = performance.now();
await new Promise<void>((resolve, reject) => {
  const subscription = consumer.subscribe(
    {
      processEvents: async (events) => {
        received += events.length;
        if (received >= total) resolve();
      },
      processError: async (err) => reject(err),
    },
    { startPosition: earliestEventPosition, maxBatchSize: 500, maxWaitTimeInSeconds: 1 },
  );
  void subscription;
});
const receiveSeconds = (performance.now() - receiveStart) / 1000;
const cpu2 = { client: process.cpuUsage(), emulator: (await emulator.cpuSeconds?.()) ?? 0 };
const clientCpu = (a: NodeJS.CpuUsage, b: NodeJS.CpuUsage): number =>
  (b.user + b.system - a.user - a.system) / 1e6;
const perEvent = (seconds: number): string => `${((seconds * 1e6) / total).toFixed(1)} µs/event`;
const mem = process.memoryUsage();
const mb = (n: number): string => `${(n / 1024 / 1024).toFixed(0)} MB`;

console.log(
  `events: ${total} (body ~${eventSize} bytes, batches of ${batchSize}, ${inFlight} sends in flight)`,
);
console.log(`send:    ${Math.round(total / sendSeconds)} events/s (${sendSeconds.toFixed(2)} s)`);
console.log(`receive: ${Math.round(received / receiveSeconds)} events/s (${receiveSeconds.toFixed(2)} s)`);
if (emulator.cpuSeconds) {
  console.log(
    `CPU, send:    emulator ${perEvent(cpu1.emulator - cpu0.emulator)}, client ${perEvent(clientCpu(cpu0.client, cpu1.client))}`,
  );
  console.log(
    `CPU, receive: emulator ${perEvent(cpu2.emulator - cpu1.emulator)}, client ${perEvent(clientCpu(cpu1.client, cpu2.client))}`,
  );
}
console.log(`client memory after send: rss ${mb(afterSend.rss)}, heap ${mb(afterSend.heapUsed)}`);
console.log(`client memory at end:     rss ${mb(mem.rss)}, heap ${mb(mem.heapUsed)}`);
if (emulator.rss) console.log(`emulator rss at end: ${mb(await emulator.rss())}`);

await consumer.close();
await producer.close();
await emulator.close();
