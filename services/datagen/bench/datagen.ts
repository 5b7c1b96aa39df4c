// `pnpm bench datagen [--events 50000] [--strategies none,customer] [--batch-size 100]`: the most events/s
// datagen gets into Event Hubs (--rate 0). The emulator runs in its own process, as in `pnpm stack`, unless
// EVENTHUB_CONNECTION_STRING points somewhere already. Also prints the generator's speed on its own.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generateCatalog } from '@marquee/domain';
import { freePort } from '@marquee/local-stack';
import { createOrderGenerator, PARTITION_KEY_STRATEGIES, sendOrders } from '../src/index.ts';
import type { PartitionKeyStrategy } from '../src/index.ts';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '50000' },
    strategies: { type: 'string', default: 'none,customer' },
    'batch-size': { type: 'string', default: '100' },
  },
});
const events = Number(values.events);
const batchSize = Number(values['batch-size']);
const strategies = values.strategies.split(',') as PartitionKeyStrategy[];
for (const s of strategies)
  if (!PARTITION_KEY_STRATEGIES.includes(s)) throw new Error(`unknown strategy ${s}`);

async function startEmulatorProcess(): Promise<{ connectionString: string; stop: () => Promise<void> }> {
  const cli = path.join(
    path.dirname(fileURLToPath(import.meta.resolve('@marquee/eventhubs-emulator'))),
    'cli.ts',
  );
  const child = spawn(process.execPath, [cli, '--port', String(await freePort())], {
    env: { ...process.env, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [first] = (await once(child.stdout, 'data')) as [Buffer];
  const stop = async (): Promise<void> => {
    child.kill('SIGTERM');
    await once(child, 'exit');
  };
  return { connectionString: first.toString('utf8').split('\n')[0] ?? '', stop };
}

const catalog = generateCatalog();
const generator = createOrderGenerator({
  seed: 1,
  catalog,
  now: () => new Date(),
  invalidRatio: 0.05,
  duplicateRatio: 0.05,
});
let t = performance.now();
let bytes = 0;
for (let i = 0; i < events; i++) bytes += generator.next().body.length;
const generateSeconds = (performance.now() - t) / 1000;
console.log(
  `generator alone: ${Math.round(events / generateSeconds)} events/s (${events} events, ${Math.round(bytes / events)} bytes each)`,
);

const external = process.env.EVENTHUB_CONNECTION_STRING;
const emulator = external === undefined ? await startEmulatorProcess() : undefined;
const connectionString = external ?? emulator?.connectionString ?? '';
console.log(
  `target: ${external === undefined ? 'emulator in a child process' : 'EVENTHUB_CONNECTION_STRING'}`,
);
try {
  for (const partitionKey of strategies) {
    t = performance.now();
    const result = await sendOrders({
      connectionString,
      hub: 'orders',
      count: events,
      rate: 0,
      seed: 2,
      batchSize,
      partitionKey,
    });
    const wall = (performance.now() - t) / 1000;
    console.log(
      `--rate 0 --partition-key ${partitionKey.padEnd(8)} --batch-size ${batchSize}: ` +
        `${Math.round(result.sent / result.seconds)} events/s sending (${result.sent} in ${result.seconds.toFixed(2)} s, ` +
        `${result.batches} batches, ${(result.sent / result.batches).toFixed(1)} per batch; ${wall.toFixed(2)} s with connecting)`,
    );
  }
} finally {
  await emulator?.stop();
}
