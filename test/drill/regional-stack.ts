// The local stack laid out as two Azure regions: an Event Hubs namespace per region (each its own emulator
// process, holding its region's hub), a Redis per region, one Cosmos account presented in two regions (the
// emulator's `--regions`: each region its own endpoint, the SDK discovers them from the account metadata), and
// one Blob account for checkpoints (GZRS in Azure: the drill does not fail it over, see the doc).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import {
  azuriteSpec,
  ChildService,
  cosmosSpec,
  EMULATOR_KEY,
  emulatorConnectionString,
  eventHubsSpec,
  freePort,
  redisSpec,
  redisUrl,
  storageConnectionString,
  type ChildServiceSpec,
} from '@marquee/local-stack';
import type { EventHubsMode } from './options.ts';

export const REGIONS = ['Region 1', 'Region 2'] as const;

export interface RegionEndpoints {
  name: (typeof REGIONS)[number];
  /** The region's own hub, in the region's own namespace (Contoso's layout: one hub per region). */
  hub: string;
  eventHubs: string;
  redis: string;
}

const silent = pino({ level: 'silent' });
const quiet = (spec: ChildServiceSpec): ChildServiceSpec => ({ ...spec, env: { LOG_LEVEL: 'warn' } });

export class RegionalStack {
  readonly dir: string;
  /** The Cosmos account's connection string (its global endpoint) and that endpoint. */
  readonly cosmos: string;
  readonly cosmosEndpoint: string;
  readonly storage: string;
  readonly regions: readonly [RegionEndpoints, RegionEndpoints];
  readonly #children = new Map<string, ChildService>();
  readonly #specs = new Map<string, ChildServiceSpec>();

  private constructor(dir: string, ports: Record<string, number>) {
    this.dir = dir;
    this.cosmosEndpoint = `http://127.0.0.1:${ports.cosmos}/`;
    this.cosmos = `AccountEndpoint=${this.cosmosEndpoint};AccountKey=${EMULATOR_KEY};`;
    this.storage = storageConnectionString(ports.blob ?? 0);
    const region = (i: 1 | 2): RegionEndpoints => ({
      name: REGIONS[i - 1] as RegionEndpoints['name'],
      hub: `orders-region${i}`,
      eventHubs: emulatorConnectionString(ports[`eventHubs${i}`] ?? 0, 'localhost'),
      redis: redisUrl(ports[`redis${i}`] ?? 0),
    });
    this.regions = [region(1), region(2)];
  }

  static async start(partitions: number): Promise<RegionalStack> {
    const dir = await mkdtemp(path.join(tmpdir(), 'drill-region-'));
    const names = ['cosmos', 'blob', 'eventHubs1', 'eventHubs2', 'redis1', 'redis2'];
    const ports = Object.fromEntries(await Promise.all(names.map(async (n) => [n, await freePort()])));
    const stack = new RegionalStack(dir, ports);
    const cosmos = cosmosSpec(ports.cosmos, 4);
    stack.#specs.set('cosmos', {
      ...cosmos,
      args: [...cosmos.args, '--log-level', 'warn', '--regions', REGIONS.join(',')],
    });
    stack.#specs.set('azurite', azuriteSpec(ports.blob));
    for (const i of [1, 2] as const) {
      const hubs = path.join(dir, `hubs-region${i}.json`);
      await writeFile(
        hubs,
        JSON.stringify({ hubs: [{ name: `orders-region${i}`, partitionCount: partitions }] }),
      );
      // Region 1's namespace keeps its log on disk: under geo-replication, that log is what its replica serves.
      const data = i === 1 ? path.join(dir, 'namespace-region1') : undefined;
      stack.#specs.set(`eventhubs${i}`, quiet(eventHubsSpec(ports[`eventHubs${i}`], data, hubs)));
      stack.#specs.set(`redis${i}`, redisSpec(ports[`redis${i}`]));
    }
    try {
      await Promise.all([...stack.#specs.keys()].map((name) => stack.#start(name)));
    } catch (err) {
      await stack.stop();
      throw err;
    }
    return stack;
  }

  async #start(name: string, spec = this.#specs.get(name)): Promise<void> {
    if (!spec) throw new Error(`no part named ${name}`);
    this.#children.set(name, await ChildService.start(spec, silent));
  }

  async #kill(name: string): Promise<void> {
    const child = this.#children.get(name);
    if (child?.pid !== undefined) process.kill(child.pid, 'SIGKILL');
    await child?.stop();
  }

  /**
   * Region 1 is lost: its namespace and its Redis die at once (SIGKILL), and its Cosmos endpoint stops answering
   * (connections refused); Cosmos moves the write region to Region 2 after `cosmosFailoverAfterMs`, as a
   * service-managed failover does.
   */
  async loseRegion1(cosmosFailoverAfterMs: number): Promise<void> {
    await Promise.all([
      this.#kill('eventhubs1'),
      this.#kill('redis1'),
      this.#control('regions/Region 1', { online: false, failoverAfterMs: cosmosFailoverAfterMs }),
    ]);
  }

  /**
   * Region 1's namespace answers again at its address (the namespace name, or the alias, now resolves to region 2):
   * - geo-replication: the promoted replica serves the same hub with every acknowledged event. The emulator writes
   *   each batch to its log before acknowledging it, so the log as it stood at the cut is exactly what a
   *   synchronous replica holds; a new emulator process serves that log.
   * - geo-dr: the alias moves to the paired namespace, which has the same hub and consumer groups and no events.
   */
  async serveNamespace1Again(mode: EventHubsMode): Promise<void> {
    const spec = this.#specs.get('eventhubs1');
    if (!spec) throw new Error('no region 1 namespace');
    if (mode === 'geo-replication') return await this.#start('eventhubs1', spec);
    const dataAt = spec.args.indexOf('--data-dir');
    const empty = spec.args.filter((_, i) => i !== dataAt && i !== dataAt + 1);
    await this.#start('eventhubs1', { ...spec, args: empty });
  }

  /** The Cosmos account's write region now (the emulator's control endpoint). */
  async writeRegion(): Promise<string> {
    return ((await this.#control('regions')) as { writeRegion: string }).writeRegion;
  }

  async #control(what: string, body?: unknown): Promise<unknown> {
    const url = new URL(
      `_emulator/${what.split('/').map(encodeURIComponent).join('/')}`,
      this.cosmosEndpoint,
    );
    const response = await fetch(
      url,
      body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) },
    );
    if (!response.ok)
      throw new Error(`cosmos emulator control ${what}: ${response.status} ${await response.text()}`);
    return await response.json();
  }

  async stop(): Promise<void> {
    await Promise.allSettled([...this.#children.values()].map((child) => child.stop()));
    await rm(this.dir, { recursive: true, force: true });
  }
}
