// The pipeline on a private local stack: seeded store, ingest and projector replicas as processes, and
// datagen sending a recorded backfill. Shared by the integration tests and the benchmark.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CosmosClient, type Container } from '@azure/cosmos';
import { sendOrders, type SendOrdersOptions, type SendOrdersResult } from '@marquee/datagen';
import { seed } from '@marquee/seed';
import {
  freePort,
  stackEnv,
  startLocalStack,
  startReady,
  type LocalStack,
  type LocalStackOptions,
  type ServiceProcess,
} from '@marquee/test-support';

/**
 * Orders per integration run (PROJECTOR_TEST_ORDERS to change it). 10,000 over three days still fills every
 * batch with dozens of hour docs of every view; with the funnel (five views) 20,000 took the three tests that
 * use it past a minute and a half each, too much of CI's 15 minutes for no more proof.
 */
export const ORDER_COUNT = Number(process.env.PROJECTOR_TEST_ORDERS ?? 10_000);
export const THREE_DAYS_MS = 3 * 24 * 3_600_000;

/** Fast lease settings so a killed replica's leases move within a couple of seconds. */
export const FAST_LEASES = {
  LEASE_RENEW_INTERVAL_MS: '500',
  LEASE_EXPIRATION_MS: '2000',
  LEASE_ACQUIRE_INTERVAL_MS: '500',
  GENERATION_POLL_MS: '500',
};

export interface Pipeline {
  stack: LocalStack;
  client: CosmosClient;
  views: Container;
  events: Container;
  leases: Container;
  dir: string;
  ingest: ServiceProcess;
  ingestMetrics(): Promise<string>;
  /** The clickstream hub's own ingest (started with `clickstream: true`). */
  clickIngest: ServiceProcess | undefined;
  /** Starts the clickstream ingest again (after a test killed it): it reads on from its checkpoints. */
  restartClickIngest(): Promise<ServiceProcess>;
  stop(): Promise<void>;
}

export interface PipelineOptions {
  /** Also ingest the `clickstream` hub, as production does: its own instance, every click by its `type`. */
  clickstream?: boolean;
}

/** Ingest on a private stack, ready; `hub` env (EVENTHUB_NAME, DEFAULT_EVENT_TYPE) for another hub. */
async function startIngest(
  stack: LocalStack,
  opsPort: number,
  hub: Record<string, string> = {},
): Promise<ServiceProcess> {
  // startReady kills a process that never gets ready, so a failed start leaves nothing running.
  return await startReady(
    {
      service: 'ingest',
      env: {
        ...stackEnv(stack),
        OPS_PORT: String(opsPort),
        LOG_LEVEL: 'warn',
        LOAD_BALANCING_INTERVAL_MS: '500',
        PARTITION_OWNERSHIP_EXPIRATION_MS: '3000',
        ...hub,
      },
    },
    `http://127.0.0.1:${opsPort}/readyz`,
  );
}

const CLICKSTREAM_HUB = { EVENTHUB_NAME: 'clickstream', DEFAULT_EVENT_TYPE: 'none' };

/** `stackOptions` (e.g. a dataDir, to measure what the stack keeps on disk) go to the local stack. */
export async function startPipeline(
  stackOptions: LocalStackOptions = {},
  options: PipelineOptions = {},
): Promise<Pipeline> {
  const stack = await startLocalStack({ ports: 'free', ...stackOptions });
  const client = new CosmosClient(stack.connections.cosmos);
  await seed(client, 'marquee');
  const database = client.database('marquee');
  const dir = await mkdtemp(path.join(tmpdir(), 'projector-int-'));
  const opsPort = await freePort();
  const clickOpsPort = await freePort();
  // Both at once; if one fails to start, the other is killed too (the caller's after() has nothing to stop).
  const started = await Promise.allSettled([
    startIngest(stack, opsPort),
    options.clickstream === true ? startIngest(stack, clickOpsPort, CLICKSTREAM_HUB) : undefined,
  ]);
  const failed = started.find((r) => r.status === 'rejected');
  if (failed !== undefined) {
    for (const r of started) if (r.status === 'fulfilled') r.value?.kill();
    client.dispose();
    await stack.stop();
    throw failed.reason;
  }
  const [ingest, clickIngest] = started.map((r) => (r.status === 'fulfilled' ? r.value : undefined));
  if (ingest === undefined) throw new Error('ingest did not start');
  const pipeline: Pipeline = {
    stack,
    client,
    dir,
    ingest,
    views: database.container('views'),
    events: database.container('events'),
    leases: database.container('leases'),
    ingestMetrics: async () => (await fetch(`http://127.0.0.1:${opsPort}/metrics`)).text(),
    clickIngest,
    async restartClickIngest() {
      pipeline.clickIngest = await startIngest(stack, clickOpsPort, CLICKSTREAM_HUB);
      return pipeline.clickIngest;
    },
    async stop() {
      pipeline.clickIngest?.kill();
      await ingest.stop();
      client.dispose();
      await stack.stop();
    },
  };
  return pipeline;
}

export interface Replica {
  process: ServiceProcess;
  opsPort: number;
  metrics(): Promise<string>;
}

export async function startProjector(
  stack: LocalStack,
  name: string,
  env: Record<string, string> = {},
): Promise<Replica> {
  const opsPort = await freePort();
  // A replica that never gets ready is killed (startReady), not left running past the test that waited for it.
  const proc = await startReady(
    {
      service: 'projector',
      env: {
        ...stackEnv(stack),
        ...FAST_LEASES,
        OPS_PORT: String(opsPort),
        INSTANCE_NAME: name,
        LOG_LEVEL: 'warn',
        ...env,
      },
    },
    `http://127.0.0.1:${opsPort}/readyz`,
  );
  return {
    process: proc,
    opsPort,
    metrics: async () => (await fetch(`http://127.0.0.1:${opsPort}/metrics`)).text(),
  };
}

/** A recorded backfill: `count` orders spread over the last 3 days before `start`, ~1% resent, ~1% broken. */
export function sendBackfill(
  stack: LocalStack,
  out: string,
  options: Partial<SendOrdersOptions> = {},
): Promise<SendOrdersResult> {
  return sendOrders({
    connectionString: stack.connections.eventHubs,
    seed: 20261122,
    count: ORDER_COUNT,
    rate: 0,
    backfillMs: THREE_DAYS_MS,
    start: new Date('2026-11-22T06:00:00Z'),
    invalidRatio: 0.01,
    duplicateRatio: 0.01,
    out,
    ...options,
  });
}

/** Sum of a Prometheus counter across its label sets. */
export function counterTotal(metricsText: string, name: string, labelFilter = ''): number {
  let total = 0;
  for (const line of metricsText.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (labelFilter !== '' && !line.includes(labelFilter)) continue;
    total += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return total;
}
