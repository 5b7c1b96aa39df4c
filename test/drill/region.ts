// One region's compute, as a cluster would run it: ingest, projector, cache-sync and api, each its own process
// (the services' own main.ts), configured by region-env.ts. Losing the region SIGKILLs all four at once.
import { freePort } from '@marquee/local-stack';
import type { ServiceProcess } from '../support/service-process.ts';
import { startReady } from '../support/worker.ts';
import { REGION_SERVICES, regionEnv, type RegionService, type SharedEndpoints } from './region-env.ts';

/** Four services starting beside a stack on a shared 2-core machine: give each more than the usual minute. */
const READY_MS = 180_000;

export const ADMIN_TOKEN = 'drill-admin-token';

export class Region {
  readonly index: 0 | 1;
  readonly name: string;
  /** The api's base URL. */
  readonly api: string;
  readonly #shared: SharedEndpoints;
  readonly #fast: boolean;
  readonly #processes = new Map<RegionService, ServiceProcess>();

  private constructor(shared: SharedEndpoints, index: 0 | 1, apiPort: number, fast: boolean) {
    this.#shared = shared;
    this.index = index;
    this.name = `region ${index + 1}`;
    this.api = `http://127.0.0.1:${apiPort}`;
    this.#fast = fast;
  }

  static async start(shared: SharedEndpoints, index: 0 | 1, fast: boolean): Promise<Region> {
    const region = new Region(shared, index, await freePort(), fast);
    const started = await Promise.allSettled(REGION_SERVICES.map((service) => region.#start(service)));
    const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) {
      region.kill();
      throw failed.reason;
    }
    return region;
  }

  async #start(service: RegionService): Promise<void> {
    const env = regionEnv(this.#shared, this.index, service, this.#fast);
    let ready: string;
    if (service === 'api') {
      Object.assign(env, { PORT: new URL(this.api).port, ADMIN_TOKEN });
      ready = `${this.api}/readyz`;
    } else {
      const opsPort = await freePort();
      env.OPS_PORT = String(opsPort);
      ready = `http://127.0.0.1:${opsPort}/readyz`;
    }
    this.#processes.set(service, await startReady({ service, env }, ready, READY_MS));
  }

  /** The region's compute is lost: every process SIGKILLed at once, nothing drained or checkpointed. */
  kill(): void {
    for (const service of this.#processes.values()) service.kill('SIGKILL');
  }

  /** Ingest stopped as a scale-down or a rollout stops it: SIGTERM, it drains and checkpoints. */
  async stopIngest(): Promise<void> {
    await this.#processes.get('ingest')?.stop();
  }

  async startIngest(): Promise<void> {
    await this.#start('ingest');
  }

  /** SIGTERM to every process: exit codes by service (0 = drained and closed cleanly). */
  async stop(): Promise<Record<string, number | null>> {
    const entries = [...this.#processes];
    const exits = await Promise.all(entries.map(([, p]) => p.stop()));
    return Object.fromEntries(entries.map(([s], i) => [s, exits[i]?.code ?? null]));
  }

  logs(service: RegionService): string[] {
    return this.#processes.get(service)?.logs ?? [];
  }
}
