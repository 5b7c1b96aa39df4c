// Measures each service's resident memory under load, to size the Deployments' requests and limits:
// a private local stack on free ports, every service as its own process, datagen at a steady rate, then
// the peak RSS (VmHWM) and the RSS at the end of each process, from /proc. Linux only.
// `node k8s/scripts/measure-rss.ts [--rate 500 --seconds 60]` (pnpm run would pass a `--` parseArgs refuses)
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { freePort, serviceStartFlags, startLocalStack } from '@marquee/local-stack';

const { values } = parseArgs({
  options: { rate: { type: 'string', default: '500' }, seconds: { type: 'string', default: '60' } },
});
const root = path.resolve(import.meta.dirname, '../..');
const stack = await startLocalStack({ ports: 'free' });
const env = {
  ...process.env,
  EVENTHUB_CONNECTION_STRING: stack.connections.eventHubs,
  STORAGE_CONNECTION_STRING: stack.connections.storage,
  COSMOS_CONNECTION_STRING: stack.connections.cosmos,
  REDIS_URL: stack.connections.redis,
  ADMIN_TOKEN: 'measure-rss',
  LOG_LEVEL: 'warn',
};

const run = async (
  service: string,
  args: string[] = [],
  extra: Record<string, string> = {},
  program = service,
) => {
  // With the heap flags the service ships with (its start script), as the Deployment runs it.
  const flags = serviceStartFlags(root, program);
  const child = spawn(
    process.execPath,
    [...flags, path.join(root, 'services', program, 'src/main.ts'), ...args],
    {
      env: { ...env, ...extra },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  return child;
};
const exited = (child: ChildProcess) => new Promise((resolve) => child.once('exit', resolve));

await exited(await run('seed'));
const services = new Map<string, ChildProcess>();
for (const name of ['ingest', 'projector', 'cache-sync', 'exporter']) {
  services.set(name, await run(name, [], { OPS_PORT: String(await freePort()) }));
}
// The second ingest, on the clickstream hub (as k8s/base/ingest-clickstream.yaml runs it).
const clickstreamEnv = { EVENTHUB_NAME: 'clickstream', DEFAULT_EVENT_TYPE: 'none' };
services.set(
  'ingest-clickstream',
  await run('ingest-clickstream', [], { ...clickstreamEnv, OPS_PORT: String(await freePort()) }, 'ingest'),
);
services.set('api', await run('api', [], { PORT: String(await freePort()), HOST: '127.0.0.1' }));
const datagen = await run('datagen', [
  '--rate',
  values.rate,
  '--duration',
  `${values.seconds}s`,
  '--clickstream',
]);
services.set('datagen', datagen);

const status = (pid: number | undefined, field: string): number => {
  const text = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(text)?.[1] ?? 0);
  return Math.round(kb / 1024);
};
const peaks = new Map<string, number>();
const sample = () => {
  for (const [name, child] of services) {
    if (child.exitCode !== null) continue;
    peaks.set(name, Math.max(peaks.get(name) ?? 0, status(child.pid, 'VmHWM')));
  }
};
const timer = setInterval(sample, 1_000);
await exited(datagen);
sample();
clearInterval(timer);
const table = [...services].map(([name, child]) => ({
  process: name,
  peakMiB: peaks.get(name),
  endMiB: child.exitCode === null ? status(child.pid, 'VmRSS') : undefined,
}));
console.table(table);
console.log(`datagen --rate ${values.rate} for ${values.seconds}s`);
for (const child of services.values()) child.kill('SIGTERM');
await Promise.all([...services.values()].filter((c) => c.exitCode === null).map(exited));
await stack.stop();
