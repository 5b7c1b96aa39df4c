// Marquee's change feed processor beside Microsoft's (.NET, Microsoft.Azure.Cosmos 3.64, interop/dotnet/
// ChangeFeedFleet, Release build), same emulator (own process, 4 ranges), same data, same settings: poll 100 ms,
// max items 100, renew 1 s, expiry 5 s, acquire 1 s. Each processor runs as its own process and prints the same
// JSON lines (bench/support/marquee-fleet-process.ts mirrors the .NET one). For each:
//  1. changes/s to a no-op handler, one instance, draining a prefilled container (first to last delivery);
//  2. write → delivery p50/p99 at 1,000 single creates/s for 10 s (writer in its own process);
//  3. takeover after kill -9: two instances (both holding leases), the first killed; time until the survivor owns
//     every lease (lease listing every 20 ms).
// Run: pnpm bench cfp-vs-dotnet [--items 20000] [--seconds 10]
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { availableParallelism, loadavg } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { BulkOperationType, CosmosClient, type Container } from '@azure/cosmos';
import { ensureLeaseContainer, listLeases } from '../src/index.ts';

const { values } = parseArgs({
  options: { items: { type: 'string', default: '20000' }, seconds: { type: 'string', default: '10' } },
});
const ITEMS = Number(values.items);
const SECONDS = Number(values.seconds);
const KEY = 'C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==';
const SETTINGS = ['--poll-ms', '100', '--max-items', '100', '--renew-ms', '1000', '--expiry-ms', '5000'];
const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url));
const dotnetRoot = path.resolve(here('.'), '../../../interop/dotnet');
const dll = path.join(dotnetRoot, '.artifacts/bin/ChangeFeedFleet/release/ChangeFeedFleet.dll');

interface Member {
  readonly child: ChildProcess;
  readonly batches: Array<{ count: number; sentAt: number[]; at: number }>;
  started: Promise<void>;
}

function member(side: 'marquee' | 'dotnet', endpoint: string, database: string, instance: string): Member {
  const args = [
    ...['--endpoint', endpoint, '--key', KEY, '--database', database, '--processor', 'bench'],
    ...['--instance', instance, '--acquire-ms', '1000', '--output', 'batches', ...SETTINGS],
  ];
  const child =
    side === 'dotnet'
      ? spawn('dotnet', [dll, ...args], { stdio: ['pipe', 'pipe', 'inherit'] })
      : spawn(process.execPath, [here('./support/marquee-fleet-process.ts'), ...args], {
          stdio: ['pipe', 'pipe', 'inherit'],
        });
  const batches: Member['batches'] = [];
  let started!: () => void;
  const m: Member = { child, batches, started: new Promise((r) => (started = r)) };
  createInterface({ input: child.stdout }).on('line', (line) => {
    const e = JSON.parse(line) as { event: string; count?: number; sentAt?: number[]; at: number };
    if (e.event === 'started') started();
    if (e.event === 'batch') batches.push({ count: e.count ?? 0, sentAt: e.sentAt ?? [], at: e.at });
  });
  return m;
}

async function stopMember(m: Member): Promise<void> {
  if (m.child.exitCode !== null || m.child.signalCode !== null) return;
  const closed = once(m.child, 'close');
  m.child.kill('SIGTERM');
  await closed;
}

const delivered = (ms: Member[]): number =>
  ms.reduce((n, m) => n + m.batches.reduce((k, b) => k + b.count, 0), 0);
async function until(what: string, ok: () => boolean | Promise<boolean>, ms = 120_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
const progress = (side: string, what: string): void => void process.stderr.write(`  ${side}: ${what}\n`);
const pct = (xs: number[], q: number): number =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? NaN;

async function prefill(container: Container, count: number, prefix: string): Promise<void> {
  for (let i = 0; i < count; i += 500) {
    const chunk = Array.from({ length: Math.min(500, count - i) }, (_, j) => `${prefix}-${i + j}`);
    await Promise.all(
      [0, 100, 200, 300, 400]
        .filter((o) => o < chunk.length)
        .map((o) =>
          container.items.bulk(
            chunk
              .slice(o, o + 100)
              .map((id) => ({ operationType: BulkOperationType.Create, resourceBody: { id, pk: id } })),
          ),
        ),
    );
  }
}

async function run(
  side: 'marquee' | 'dotnet',
  endpoint: string,
  client: CosmosClient,
): Promise<Record<string, number>> {
  const dbId = `bench-${side}`;
  const { database } = await client.databases.createIfNotExists({ id: dbId });
  const { container: events } = await database.containers.createIfNotExists({
    id: 'events',
    partitionKey: { paths: ['/pk'] },
  });
  const leases = await ensureLeaseContainer(database, 'leases');
  await prefill(events, ITEMS, 'pre');
  progress(side, 'prefilled');

  // 1. Throughput, no-op handler.
  const a = member(side, endpoint, dbId, `${side}-a`);
  await a.started;
  await until('the prefilled changes', () => delivered([a]) >= ITEMS);
  const first = a.batches[0]!.at;
  const last = a.batches.at(-1)!.at;
  const perSecond = ITEMS / ((last - first) / 1000);
  progress(side, 'drained');

  // 2. Write → delivery at 1,000 writes/s.
  a.batches.length = 0;
  const writer = spawnSync(
    process.execPath,
    [here('./support/writer-process.ts'), endpoint, `lat-${side}`, '1000', String(SECONDS), '1', dbId],
    { encoding: 'utf8' },
  );
  const written = (JSON.parse(writer.stdout.trim().split('\n').at(-1)!) as { written: number }).written;
  await until('the timed writes', () => delivered([a]) >= written, 30_000);
  progress(side, 'timed writes delivered');
  const latencies = a.batches.flatMap((b) => b.sentAt.map((s) => b.at - s));

  // 3. Takeover after kill -9.
  const b = member(side, endpoint, dbId, `${side}-b`);
  await b.started;
  progress(side, 'second instance started');
  const scope = { leases, monitored: events, processorName: 'bench' };
  const owners = async (): Promise<string[]> => (await listLeases(scope)).map((l) => l.owner ?? '');
  // Both live and holding leases (a full 2/2 balance takes a few rounds; what is measured is the kill).
  await until('the second instance holding a lease', async () => (await owners()).includes(`${side}-b`));
  await new Promise((r) => setTimeout(r, 1500));
  progress(side, 'killing the first instance');
  a.child.kill('SIGKILL');
  const killedAt = Date.now();
  await until('the survivor owns every lease', async () => {
    const now = await owners();
    if (process.env.BENCH_DEBUG) progress(side, now.join(','));
    return now.every((o) => o === `${side}-b`);
  });
  const ownedAllMs = Date.now() - killedAt;
  progress(side, `survivor owns every lease after ${ownedAllMs} ms`);
  await stopMember(b);
  return {
    perSecond,
    p50: pct(latencies, 0.5),
    p99: pct(latencies, 0.99),
    ownedAllMs,
  };
}

const build = spawnSync(
  'flock',
  [
    path.join(dotnetRoot, '.artifacts.lock'),
    'dotnet',
    'build',
    'ChangeFeedFleet/ChangeFeedFleet.csproj',
    '-c',
    'Release',
    '-v:quiet',
    '-nologo',
    '--disable-build-servers',
  ],
  { cwd: dotnetRoot, encoding: 'utf8' },
);
if (build.status !== 0) throw new Error(`dotnet build failed:\n${build.stdout}${build.stderr}`);

const emulator = spawn(process.execPath, [here('./support/emulator-process.ts')], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
const [endpoint] = (await once(createInterface({ input: emulator.stdout }), 'line')) as [string];
const client = new CosmosClient({ endpoint, key: KEY, connectionPolicy: { enableEndpointDiscovery: false } });
const machine = (): string =>
  `${availableParallelism()} cores, load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`;
try {
  console.log(`machine: ${machine()}; ${ITEMS} prefilled changes, ${SECONDS} s at 1,000 writes/s`);
  const results: Record<string, Record<string, number>> = {};
  for (const side of ['marquee', 'dotnet'] as const) {
    results[side] = await run(side, endpoint, client);
    const r = results[side];
    console.log(
      `${side.padEnd(7)} ${Math.round(r.perSecond!)} changes/s; write→delivery p50 ${r.p50} ms, p99 ${r.p99} ms; ` +
        `after kill -9: the survivor owns every lease in ${r.ownedAllMs} ms`,
    );
  }
  const [m, d] = [results.marquee!, results.dotnet!];
  const ratio = (x: number, y: number): string => (x / y).toFixed(2);
  console.log(
    `ratios marquee/dotnet: throughput ${ratio(m.perSecond!, d.perSecond!)}, p50 ${ratio(m.p50!, d.p50!)}, ` +
      `p99 ${ratio(m.p99!, d.p99!)}, takeover ${ratio(m.ownedAllMs!, d.ownedAllMs!)}`,
  );
  console.log(`machine after: ${machine()}`);
} finally {
  client.dispose();
  emulator.kill('SIGTERM');
}
