// `pnpm bench categories [--duration 10] [--connections 20] [--iterations 40] [--poll 50]`
// Starts a private local stack, cache-sync and the API as processes (as deployed), then prints:
//  1. GET /api/categories and GET /api/categories/:id throughput and latency (autocannon, loopback);
//  2. invalidation latency: from a direct store write (SDK, bypassing the API) to the API serving the new value.
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { CosmosClient } from '@azure/cosmos';
import { seed } from '@marquee/seed';
import { freePort, ServiceProcess, stackEnv, startLocalStack } from '@marquee/test-support';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '20' },
    iterations: { type: 'string', default: '40' },
    poll: { type: 'string', default: '50' },
  },
});
const duration = Number(values.duration);
const connections = Number(values.connections);
const iterations = Number(values.iterations);
const pollMs = values.poll;

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
const ms = (n: number): string => `${n.toFixed(1)} ms`;

const stack = await startLocalStack({ ports: 'free' });
const cosmos = new CosmosClient(stack.connections.cosmos);
const children: ServiceProcess[] = [];
try {
  await seed(cosmos, 'marquee');
  const apiPort = await freePort();
  const opsPort = await freePort();
  const base = `http://127.0.0.1:${apiPort}`;
  const env = { ...stackEnv(stack), LOG_LEVEL: 'warn' };
  const sync = new ServiceProcess({
    service: 'cache-sync',
    env: {
      ...env,
      OPS_PORT: String(opsPort),
      CACHE_SYNC_MODE: 'latest-version',
      CHANGE_FEED_POLL_INTERVAL_MS: pollMs,
    },
    captureLogs: false,
  });
  const api = new ServiceProcess({
    service: 'api',
    env: { ...env, PORT: String(apiPort), HOST: '127.0.0.1', ADMIN_TOKEN: 'bench' },
    captureLogs: false,
  });
  children.push(sync, api);
  await Promise.all([
    sync.waitForHttp(`http://127.0.0.1:${opsPort}/readyz`),
    api.waitForHttp(`${base}/healthz`),
  ]);
  for (let i = 0; i < 50; i++) await (await fetch(`${base}/api/categories`)).arrayBuffer();

  console.log(
    `categories benchmark: ${connections} connections, ${duration} s each, loopback, API and cache-sync as processes`,
  );
  for (const path of ['/api/categories', '/api/categories/28']) {
    const result = await autocannon({ url: `${base}${path}`, connections, duration });
    console.log(
      `  GET ${path.padEnd(22)} ${Math.round(result.requests.average).toString().padStart(6)} req/s` +
        `  p50 ${result.latency.p50} ms  p99 ${result.latency.p99} ms  mean ${result.latency.average.toFixed(2)} ms  (${result.requests.total} requests, ` +
        `${result.non2xx} non-2xx, ${result.errors} errors)`,
    );
  }
  const stats = (await (await fetch(`${base}/api/cache/stats`)).json()) as {
    reads: Record<string, number>;
    storeReads: number;
  };
  console.log(`  reads by source: ${JSON.stringify(stats.reads)}; store reads: ${stats.storeReads}`);

  // Invalidation latency: write straight to the store, then poll the API until it serves the new name.
  const catalog = cosmos.database('marquee').container('catalog');
  const { resource: original } = await catalog
    .item('category-28', 'category')
    .read<Record<string, unknown>>();
  if (original === undefined) throw new Error('category 28 is missing');
  const latencies: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const name = `Action ${i}`;
    const started = performance.now();
    await catalog.item('category-28', 'category').replace({ ...original, name });
    for (;;) {
      const body = (await (await fetch(`${base}/api/categories`)).json()) as {
        items: { categoryId: number; name: string }[];
      };
      if (body.items.find((c) => c.categoryId === 28)?.name === name) break;
      if (performance.now() - started > 10_000) throw new Error(`change ${i} not served within 10 s`);
      await new Promise((r) => setTimeout(r, 2));
    }
    latencies.push(performance.now() - started);
    await new Promise((r) => setTimeout(r, 50 + Math.random() * 100)); // do not write in step with the poll
  }
  await catalog.item('category-28', 'category').replace(original);
  latencies.sort((a, b) => a - b);
  console.log(
    `  invalidation (store write → API serves it), ${iterations} changes, feed poll ${pollMs} ms:` +
      `  p50 ${ms(percentile(latencies, 50))}  p99 ${ms(percentile(latencies, 99))}  max ${ms(latencies.at(-1) ?? Number.NaN)}` +
      `  (goal p99 ≤ 250 ms)`,
  );
} finally {
  await Promise.all(children.map((c) => c.stop()));
  cosmos.dispose();
  await stack.stop();
}
