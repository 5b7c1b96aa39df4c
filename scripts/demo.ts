// `pnpm start`: the whole demo on one machine. Starts the local Azure stack, seeds the store, then runs
// every service as its own process (as containers would) and datagen at a gentle rate. Ctrl-C stops all.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { startLocalStack } from '@marquee/local-stack';

const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '20' },
    'in-memory': { type: 'boolean', default: false },
    'log-level': { type: 'string', default: 'info' },
  },
});
const logger = pino({ level: values['log-level'], base: { component: 'demo' } });
const root = path.resolve(import.meta.dirname, '..');
const adminToken = process.env.ADMIN_TOKEN ?? 'demo-admin-token';

const stack = await startLocalStack({
  dataDir: values['in-memory'] ? undefined : path.join(root, '.data'),
  reuseRunningRedis: true,
  logger,
});
const env: Record<string, string> = {
  EVENTHUB_CONNECTION_STRING: stack.connections.eventHubs,
  STORAGE_CONNECTION_STRING: stack.connections.storage,
  COSMOS_CONNECTION_STRING: stack.connections.cosmos,
  REDIS_URL: stack.connections.redis,
  ADMIN_TOKEN: adminToken,
  LOG_LEVEL: values['log-level'],
};

function run(service: string, args: string[] = []): ChildProcess | undefined {
  const script = path.join(root, 'services', service, 'src/main.ts');
  if (!existsSync(script)) return undefined;
  const child = spawn(process.execPath, [script, ...args], {
    env: { ...process.env, ...env },
    stdio: 'inherit',
  });
  child.on('exit', (code, signal) => {
    if (!stopping) logger.warn({ service, code, signal }, 'service exited');
  });
  return child;
}

let stopping = false;
const children: ChildProcess[] = [];
const seeding = run('seed');
if (seeding) await new Promise((resolve) => seeding.once('exit', resolve));
for (const service of ['ingest', 'projector', 'cache-sync', 'api']) {
  const child = run(service);
  if (child) children.push(child);
}
const datagen = run('datagen', ['--rate', values.rate]);
if (datagen) children.push(datagen);

process.stdout.write(
  `\nMarquee demo is running. Dashboard: http://localhost:8080/  API docs: http://localhost:8080/docs\n` +
    `Admin token: ${adminToken}\nPress Ctrl-C to stop.\n\n`,
);

const stop = async (): Promise<void> => {
  if (stopping) return;
  stopping = true;
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
        }),
    ),
  );
  await stack.stop();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
