// `pnpm bench reports [--seconds 10] [--connections 20] [--clients 200] [--rounds 5] [--rate 20000]
// [--phases routes,rate,sse] [--generator wrk|lean|autocannon] [--api-replicas 1]`:
// - routes: each report route under loopback load (autocannon): p50/p99 latency, requests/s, the API's CPU per
//   1,000 requests;
// - rate: every route at once at a fixed offered rate (`--rate` req/s in all): achieved rate, p50/p99, CPU of
//   the API and of the load generator (per 1,000 requests: the figure a shared machine does not disturb). The
//   generator is wrk with fixed-rate.lua when `wrk` is installed (the default then), else the node generator of
//   fixed-rate-load.ts (`lean`), or autocannon on a worker thread;
// - sse: SSE fan-out, the time from a view doc write to its arrival at every one of N /api/stream clients;
// - floor: the rate phase again against floor-server.ts, node:http and then a bare fastify answering every
//   request with one body of the reports' mean size: what this machine and generator allow any node server.
// The API runs as its own process (as in a container), or `--api-replicas N` processes sharing one port
// (REUSE_PORT), the Cosmos emulator as another, the load generator here (or wrk).
import os from 'node:os';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import {
  dayKeyOf,
  funnelDocsOf,
  generateCatalog,
  hourKeyOf,
  hourKeysBetween,
  ordersHourDocsOf,
} from '@marquee/domain';
import { cpuSeconds, freePort, ServiceProcess } from '@marquee/test-support';
import { DATABASE, startStore, writeView, type Store } from '../test/reports-fixture.ts';
import { fixedRateLoad, percentile } from './fixed-rate-load.ts';
import { hasWrk, wrkLoad } from './wrk-load.ts';
import { SseReader } from '@marquee/test-support';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '20' },
    clients: { type: 'string', default: '200' },
    rounds: { type: 'string', default: '5' },
    rate: { type: 'string', default: '20000' },
    phases: { type: 'string', default: 'routes,rate,sse' },
    generator: { type: 'string' },
    'api-replicas': { type: 'string', default: '1' },
    'wrk-threads': { type: 'string', default: '2' },
  },
});
const wrkInstalled = hasWrk();
const generatorName = values.generator ?? (wrkInstalled ? 'wrk' : 'lean');
if (generatorName === 'wrk' && !wrkInstalled) throw new Error('--generator wrk: wrk is not installed');
if (values.generator === undefined && !wrkInstalled)
  console.log('wrk is not installed (apt-get install wrk): the rate phase uses the node generator');
const replicas = Number(values['api-replicas']);
const phases = new Set(values.phases.split(','));
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const clientCount = Number(values.clients);
const rounds = Number(values.rounds);
const rate = Number(values.rate);

const ROUTES = [
  '/api/reports/top-movies?limit=10',
  '/api/reports/categories',
  '/api/reports/orders/hourly?hours=24',
  '/api/reports/orders/daily?days=7',
  '/api/reports/orders/hourly?hours=168',
  '/api/reports/funnel?hours=24',
  '/api/reports/funnel?hours=24&movieId=397518',
];

async function seedViews(store: Store): Promise<void> {
  const { movies } = generateCatalog();
  const now = new Date();
  await writeView(store.views, {
    id: 'top-movies',
    kind: 'top-movies',
    movies: Object.fromEntries(
      movies.map((m, i) => [
        String(m.movieId),
        { unitsSold: 5000 - i * 7, orders: 4000 - i * 5, revenue: 999 * (5000 - i * 7) },
      ]),
    ),
  });
  const categories: Record<string, { unitsSold: number; orders: number; revenue: number }> = {};
  for (const m of movies) {
    const c = (categories[String(m.categoryId)] ??= { unitsSold: 0, orders: 0, revenue: 0 });
    c.unitsSold += 100;
    c.orders += 80;
    c.revenue += 99_900;
  }
  await writeView(store.views, { id: 'categories', kind: 'categories', categories });
  const hours = hourKeysBetween(new Date(now.getTime() - 167 * 3_600_000), now);
  const hourCounts = hours.map((hour, i) => ({ hour, orders: 100 + i, revenue: 150_000, units: 200 }));
  await Promise.all(ordersHourDocsOf(hourCounts).map((doc) => writeView(store.views, doc)));
  // The funnel of the last 24 hours: every category, and every movie of the catalog (its day and movie docs).
  const steps = (n: number) => ({ views: 10 * n, carts: 4 * n, checkouts: 3 * n, orders: 2 * n });
  const funnelHours = hours.slice(-24).map((hour, j) => ({
    hour,
    total: steps(500 + j),
    categories: Object.fromEntries(Object.keys(categories).map((c) => [c, steps(25 + j)])),
    movies: Object.fromEntries(movies.map((m) => [String(m.movieId), steps(1)])),
  }));
  await Promise.all(funnelDocsOf(funnelHours).map((doc) => writeView(store.views, doc)));
  for (let d = 0; d < 7; d++) {
    const day = dayKeyOf(new Date(now.getTime() - d * 86_400_000), 'UTC');
    await writeView(store.views, {
      id: `orders-day-${day}`,
      kind: 'orders-day',
      day,
      timeZone: 'UTC',
      orders: 2_400,
      revenue: 3_600_000,
      units: 4_800,
    });
  }
}

const ms = (n: number) => `${n.toFixed(1).padStart(7)} ms`;

/** CPU ms per 1,000 requests: the figure that holds on a shared machine, where rates and latencies do not. */
const perThousand = (cpuS: number, requests: number): string => ((1e6 * cpuS) / requests).toFixed(1);

/** CPU seconds of each API process so far. */
type ApiCpu = () => number[];
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

async function loadRoutes(base: string, apiCpu: ApiCpu): Promise<void> {
  console.log(`\nreport routes: ${connections} connections, ${seconds} s each, loopback`);
  console.log(
    `${'route'.padEnd(44)} ${'req/s'.padStart(8)} ${'p50'.padStart(10)} ${'p99'.padStart(10)} ${'non-2xx'.padStart(8)} ${'API CPU ms/1k'.padStart(14)} ${'bytes'.padStart(7)}`,
  );
  for (const route of ROUTES) {
    // A short warm-up: catalog load, JIT.
    await autocannon({ url: base + route, connections: 4, duration: 1 });
    const before = sum(apiCpu());
    const result = await autocannon({ url: base + route, connections, duration: seconds });
    const api = perThousand(sum(apiCpu()) - before, result.requests.total);
    const bytes = (await (await fetch(base + route)).arrayBuffer()).byteLength;
    console.log(
      `${route.padEnd(44)} ${result.requests.average.toFixed(0).padStart(8)} ${ms(result.latency.p50)} ${ms(result.latency.p99)} ${String(result.non2xx).padStart(8)} ${api.padStart(14)} ${String(bytes).padStart(7)}`,
    );
  }
}

/**
 * Every report route at once, offered `rate` req/s in all: what the API process(es) sustain on this machine.
 * wrk (fixed-rate.lua) when installed, else the lean node generator (fixed-rate-load.ts); `--generator
 * autocannon` for the figures taken before either.
 */
async function fixedRate(base: string, apiCpu: ApiCpu, what = 'all routes', server = 'API'): Promise<void> {
  const conns = Math.max(connections, generatorName === 'wrk' ? 100 : 50);
  // Warm-up, not measured: the first requests load the catalog and JIT-compile the hot path.
  for (const path of ROUTES) await autocannon({ url: base + path, connections: 4, amount: 2_000 });
  const generator = () => cpuSeconds(process.pid);
  const before = { api: apiCpu(), generator: generator() };
  // The run can outlast `seconds` (answers owed when the schedule ends): shares of a core are over its length.
  const started = performance.now();
  let served: { total: number; perSecond: number; p50: number; p99: number };
  let failed: string;
  let honesty = '';
  let wrkCpu: number | undefined;
  if (generatorName === 'wrk') {
    const threads = Number(values['wrk-threads']);
    const result = await wrkLoad({ base, paths: ROUTES, rate, connections: conns, threads, seconds });
    served = {
      total: result.answered,
      perSecond: result.answered / result.seconds,
      p50: result.p50,
      p99: result.p99,
    };
    failed = `${result.non2xx} non-2xx, ${result.errors} errors`;
    // The latency runs from the write: it is the latency from when due as long as sends kept to the schedule.
    honesty =
      ` (sent late: ${((100 * result.sentLate) / result.sends).toFixed(2)}% of sends; lateness p99 ` +
      `${result.p99LateMs >= 1000 ? '≥ 1000' : result.p99LateMs.toFixed(1)} ms, worst ${result.maxLateMs.toFixed(1)} ms)`;
    wrkCpu = result.cpuSeconds;
  } else if (generatorName === 'autocannon') {
    const result = await autocannon({
      url: base,
      requests: ROUTES.map((path) => ({ path })),
      connections: conns,
      overallRate: rate,
      duration: seconds,
      workers: 1,
    });
    served = {
      total: result.requests.total,
      perSecond: result.requests.average,
      p50: result.latency.p50,
      p99: result.latency.p99,
    };
    failed = `${result.non2xx} non-2xx, ${result.errors} errors`;
  } else {
    const url = new URL(base);
    const result = await fixedRateLoad({
      host: url.hostname,
      port: Number(url.port),
      paths: ROUTES,
      rate,
      connections: conns,
      seconds,
    });
    served = {
      total: result.answered,
      perSecond: result.answered / result.seconds,
      p50: percentile(result.fromWrite, 50),
      p99: percentile(result.fromWrite, 99),
    };
    honesty = ` (p99 ${percentile(result.fromDue, 99).toFixed(2)} ms from when due)`;
    failed = `${result.non2xx} non-2xx, ${result.unanswered} unanswered`;
  }
  const api = apiCpu().map((cpu, i) => cpu - before.api[i]!);
  const load = wrkCpu ?? generator() - before.generator;
  const elapsed = (performance.now() - started) / 1000;
  const share = (cpu: number) => `${((100 * cpu) / elapsed).toFixed(0)}%`;
  const perProcess =
    api.length > 1
      ? ` [per process: ${api.map((cpu) => `${share(cpu)}, ${perThousand(cpu, served.total / api.length)}`).join('; ')}]`
      : '';
  console.log(
    `\n${what} at ${rate} req/s offered (${conns} connections, ${seconds} s, ${generatorName}, ${api.length} process${api.length > 1 ? 'es' : ''}): ` +
      `${served.perSecond.toFixed(0)} req/s served, p50 ${served.p50.toFixed(2)} ms, p99 ${served.p99.toFixed(2)} ms${honesty}, ` +
      `${failed}; CPU: ${server} ${share(sum(api))} of a core ` +
      `(${perThousand(sum(api), served.total)} ms per 1,000 requests)${perProcess}, load generator ` +
      `${share(load)} (${perThousand(load, served.total)} ms per 1,000) over ${elapsed.toFixed(1)} s; ` +
      `${os.cpus().length} cores in all, load average ${os.loadavg()[0]!.toFixed(1)}`,
  );
}

/**
 * The floor: the same fixed-rate load against servers that do nothing but send one body of the reports' mean
 * size, first on node:http alone, then on a bare fastify (floor-server.ts), as many processes as the API's.
 */
async function floors(apiBase: string): Promise<void> {
  const sizes = await Promise.all(
    ROUTES.map(async (route) => (await (await fetch(apiBase + route)).arrayBuffer()).byteLength),
  );
  const bytes = Math.round(sum(sizes) / sizes.length);
  for (const kind of ['node', 'fastify'] as const) {
    const floorPort = await freePort();
    const servers = Array.from(
      { length: replicas },
      () =>
        new ServiceProcess({
          service: 'api',
          script: 'bench/floor-server.ts',
          env: {
            HOST: '127.0.0.1',
            PORT: String(floorPort),
            REUSE_PORT: String(replicas > 1),
            FLOOR_SERVER: kind,
            FLOOR_BODY_BYTES: String(bytes),
          },
        }),
    );
    try {
      const base = `http://127.0.0.1:${floorPort}`;
      for (const server of servers) await server.waitForHttp(`${base}/healthz`);
      const cpu: ApiCpu = () => servers.map((s) => cpuSeconds(s.child.pid));
      const name = kind === 'node' ? 'node:http' : 'bare fastify';
      await fixedRate(base, cpu, `floor (${name}, one ${bytes}-byte body)`, 'server');
    } finally {
      await Promise.all(servers.map((s) => s.stop()));
    }
  }
}

async function fanOut(base: string, store: Store): Promise<void> {
  console.log(`\nSSE fan-out: ${clientCount} clients on /api/stream, ${rounds} view changes`);
  const clients = await Promise.all(
    Array.from({ length: clientCount }, () => SseReader.open(`${base}/api/stream`)),
  );
  try {
    await Promise.all(clients.map((c) => c.waitFor((e) => e.event === 'views', 30_000)));
    const hour = hourKeyOf(new Date());
    console.log(
      `${'round'.padEnd(6)} ${'first client'.padStart(13)} ${'median'.padStart(10)} ${'all clients'.padStart(12)}`,
    );
    const alls: number[] = [];
    for (let round = 1; round <= rounds; round++) {
      const orders = 1_000_000 + round;
      const written = performance.now();
      // The day doc of the current hour, with that hour only (the other hours of the day are not read here).
      const [doc] = ordersHourDocsOf([{ hour, orders, revenue: orders, units: orders }]);
      await writeView(store.views, doc!);
      const arrivals = await Promise.all(
        clients.map(async (c) => {
          const e = await c.waitFor(
            (ev) => ev.event === 'views' && ev.data!.includes(`"orders":${orders},`),
            10_000,
          );
          return e.at - written;
        }),
      );
      arrivals.sort((a, b) => a - b);
      alls.push(arrivals.at(-1)!);
      console.log(
        `${String(round).padEnd(6)} ${ms(arrivals[0]!)}  ${ms(arrivals[Math.floor(arrivals.length / 2)]!)}  ${ms(arrivals.at(-1)!)}`,
      );
      await new Promise((r) => setTimeout(r, 500));
    }
    alls.sort((a, b) => a - b);
    console.log(
      `write → all ${clientCount} clients: median ${alls[Math.floor(alls.length / 2)]!.toFixed(0)} ms, worst ${alls.at(-1)!.toFixed(0)} ms (includes the 200 ms change-feed poll)`,
    );
  } finally {
    for (const c of clients) c.close();
  }
}

const store = await startStore();
const port = await freePort();
const redisPort = await freePort();
// Several processes share the port (SO_REUSEPORT, Linux): the kernel spreads the connections among them.
const apis = Array.from(
  { length: replicas },
  () =>
    new ServiceProcess({
      service: 'api',
      ...(process.env.BENCH_API_SCRIPT ? { script: process.env.BENCH_API_SCRIPT } : {}),
      env: {
        COSMOS_CONNECTION_STRING: store.connectionString,
        COSMOS_DATABASE: DATABASE,
        REDIS_URL: `redis://127.0.0.1:${redisPort}`,
        ADMIN_ROUTES: 'false',
        HOST: '127.0.0.1',
        PORT: String(port),
        REUSE_PORT: String(replicas > 1),
        OPS_PORT: '0',
        LOG_LEVEL: 'warn',
        // BENCH_API_NODE_OPTIONS: node flags for the API only (a CPU profile, heap sizes); BENCH_API_SCRIPT (above):
        // another entry script, e.g. an older copy of src/ for an A/B of CPU per 1,000 requests.
        ...(process.env.BENCH_API_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_API_NODE_OPTIONS } : {}),
      },
    }),
);
const apiCpu: ApiCpu = () => apis.map((a) => cpuSeconds(a.child.pid));
try {
  await seedViews(store);
  const base = `http://127.0.0.1:${port}`;
  for (const api of apis) await api.waitForHttp(`${base}/healthz`);
  if (phases.has('routes')) await loadRoutes(base, apiCpu);
  if (phases.has('rate')) await fixedRate(base, apiCpu);
  if (phases.has('sse')) await fanOut(base, store);
  if (phases.has('floor')) await floors(base);
} finally {
  await Promise.all(apis.map((a) => a.stop()));
  await store.close();
}
