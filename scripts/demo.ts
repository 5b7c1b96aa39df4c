// `pnpm start`: the whole demo on one machine. Starts the local Azure stack, seeds the store, runs every
// service as its own process (as containers would), backfills a day of orders on an empty store, then sends
// live orders. Quiet by default (starts, warnings, errors, a summary line); `--help` lists the options.
// Ctrl-C (or SIGTERM, or a closed terminal) stops everything within a few seconds, also when the output is
// piped and the pipe's reader or the emulators die first.
import path from 'node:path';
import pino from 'pino';
import { freePort, serviceStartFlags, startLocalStack, type LocalStack } from '@marquee/local-stack';
import { compileCacheDir, warmCompileCache } from './compile-cache.ts';
import { runBackfill, storeIsEmpty } from './demo/backfill.ts';
import { Children } from './demo/children.ts';
import { DEMO_HELP, parseDemoOptions } from './demo/options.ts';
import { Output } from './demo/output.ts';
import { Summary } from './demo/summary.ts';

const parsed = parseDemoOptions(process.argv.slice(2).filter((arg) => arg !== '--'));
if (parsed.kind !== 'run') {
  if (parsed.kind === 'help') process.stdout.write(DEMO_HELP);
  else process.stderr.write(`demo: ${parsed.problems.join('\n  ')}\n\n${DEMO_HELP}`);
  process.exit(parsed.kind === 'help' ? 0 : 2);
}
const options = parsed.options;
// Services drain within this when asked to stop; the demo kills what is left a little later.
const SERVICE_GRACE_MS = 3_000;

const output = new Output(process.stdout, { tty: process.stdout.isTTY === true, verbose: options.verbose });
const logger = pino(
  { level: 'info', base: { service: 'demo' } },
  { write: (line: string) => output.line('demo', line.trimEnd(), { always: true }) },
);
const root = path.resolve(import.meta.dirname, '..');
const script = (service: string): string => path.join(root, 'services', service, 'src/main.ts');
// A service with the node flags its start script ships with (ingest's heap sizes).
const serviceArgs = (service: string): string[] => [...serviceStartFlags(root, service), script(service)];
const adminToken = process.env.ADMIN_TOKEN ?? 'demo-admin-token';
const children = new Children(output);

let stack: LocalStack | undefined;
let datagen: ReturnType<Children['start']> | undefined;
let summaryTimer: NodeJS.Timeout | undefined;
let stopping: Promise<never> | undefined;

function stop(reason: string, code = 0): Promise<never> {
  stopping ??= (async () => {
    clearInterval(summaryTimer);
    logger.info({ reason }, 'stopping');
    await children.stopAll(SERVICE_GRACE_MS + 2_000, datagen);
    await stack?.stop();
    logger.info('stopped');
    process.exit(code);
  })();
  return stopping;
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void stop(signal));

try {
  const ports = options.freePorts
    ? {
        api: await freePort(),
        ingest: await freePort(),
        ingestClickstream: await freePort(),
        exporter: await freePort(),
        projector: await freePort(),
        cacheSync: await freePort(),
        apiOps: await freePort(),
      }
    : {
        api: 8080,
        ingest: 9091,
        projector: 9092,
        cacheSync: 9093,
        apiOps: 9094,
        ingestClickstream: 9096,
        exporter: 9097,
      };
  // Every process the demo starts runs with the compile cache, warmed (while the stack starts) as the image's is.
  process.env.NODE_COMPILE_CACHE = compileCacheDir();
  const warming = warmCompileCache();
  stack = await startLocalStack({
    dataDir: options.inMemory ? undefined : path.join(root, '.data'),
    ports: options.freePorts ? 'free' : undefined,
    reuseRunningRedis: !options.freePorts,
    // Nothing works without the whole stack: a part that dies stops the demo, saying which, rather than leaving
    // services that fail one request at a time.
    onUnexpectedExit: ({ name }) => void stop(`${name} exited`, 1),
    logger,
  });
  const unwarmed = await warming;
  if (unwarmed.length > 0)
    logger.warn({ problems: unwarmed }, 'compile cache not warmed: services start slower');
  const env: Record<string, string> = {
    EVENTHUB_CONNECTION_STRING: stack.connections.eventHubs,
    STORAGE_CONNECTION_STRING: stack.connections.storage,
    COSMOS_CONNECTION_STRING: stack.connections.cosmos,
    REDIS_URL: stack.connections.redis,
    ADMIN_TOKEN: adminToken,
    LOG_LEVEL: options.logLevel,
    OPS_HOST: '127.0.0.1',
    SHUTDOWN_GRACE_MS: String(SERVICE_GRACE_MS),
  };
  if (options.freePorts) env.HOST = '127.0.0.1';

  const seed = children.start({ name: 'seed', args: [script('seed')], env });
  const seeded = await Children.exited(seed);
  if (seeded !== 0) throw new Error(`seed exited with ${seeded}`);

  const apiUrl = `http://127.0.0.1:${ports.api}`;
  const services: { name: string; script?: string; port: number; env: Record<string, string> }[] = [
    { name: 'ingest', port: ports.ingest, env: { OPS_PORT: String(ports.ingest) } },
    {
      name: 'ingest-clickstream',
      script: 'ingest',
      port: ports.ingestClickstream,
      env: {
        OPS_PORT: String(ports.ingestClickstream),
        EVENTHUB_NAME: 'clickstream',
        DEFAULT_EVENT_TYPE: 'none',
      },
    },
    { name: 'exporter', port: ports.exporter, env: { OPS_PORT: String(ports.exporter) } },
    { name: 'projector', port: ports.projector, env: { OPS_PORT: String(ports.projector) } },
    { name: 'cache-sync', port: ports.cacheSync, env: { OPS_PORT: String(ports.cacheSync) } },
    { name: 'api', port: ports.api, env: { PORT: String(ports.api), OPS_PORT: String(ports.apiOps) } },
  ];
  for (const service of services) {
    children.start(
      {
        name: service.name,
        args: serviceArgs(service.script ?? service.name),
        env: { ...env, ...service.env },
      },
      (code, signal) => {
        if (!children.stopping) {
          logger.error({ service: service.name, code, signal }, 'a service exited; stopping the demo');
          void stop(`${service.name} exited`, 1);
        }
      },
    );
  }
  await Promise.all(services.map(async (s) => await ready(s.name, `http://127.0.0.1:${s.port}/readyz`)));

  if (options.backfill !== undefined && (await storeIsEmpty(apiUrl))) {
    logger.info({ window: options.backfill }, 'empty store: backfilling past orders first');
    const code = await runBackfill(children, {
      datagenScript: script('datagen'),
      window: options.backfill,
      env,
      tty: output.tty,
    });
    if (code !== 0 && !children.stopping) logger.warn({ code }, 'backfill did not finish; going on');
  }
  if (options.rate !== undefined && !children.stopping) {
    datagen = children.start({
      name: 'datagen',
      args: [script('datagen'), '--rate', String(options.rate), '--clickstream'],
      env,
    });
  }

  output.write(
    `\nMarquee demo is running. Dashboard: http://localhost:${ports.api}/  API docs: http://localhost:${ports.api}/docs\n` +
      `Admin token: ${adminToken}. A summary line every ${options.summaryEvery} s. Press Ctrl-C to stop.\n\n`,
  );
  const summary = new Summary({ ingestMetricsUrl: `http://127.0.0.1:${ports.ingest}/metrics`, apiUrl });
  summaryTimer = setInterval(() => {
    void summary.line(Date.now()).then((line) => logger.info(line));
  }, options.summaryEvery * 1000);
} catch (err) {
  if (!stopping) {
    logger.error({ err }, 'the demo could not start');
    await stop('start failed', 1);
  }
}

/** Waits until a service's readiness endpoint answers 200, then says so. */
async function ready(name: string, url: string): Promise<void> {
  const started = Date.now();
  while (!children.stopping) {
    const ok = await fetch(url, { signal: AbortSignal.timeout(2_000) }).then(
      (res) => res.ok,
      () => false,
    );
    if (ok) {
      logger.info({ readyAfterMs: Date.now() - started }, `${name} is ready`);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
