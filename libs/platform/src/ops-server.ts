import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import type { Logger } from 'pino';

/** A readiness check: resolves with a short detail when ready, throws (or rejects) when not. */
export type ReadinessCheck = () => Promise<string | void>;

/**
 * Thrown by a check when the service runs but cannot do part of its job (a lease stalled, say): /readyz then
 * answers 503 with `status: 'degraded'` rather than `not-ready`, so an operator tells the two apart.
 */
export class Degraded extends Error {
  override readonly name = 'Degraded';
}

export interface OpsServerOptions {
  port: number;
  host?: string;
  registry: Registry;
  checks?: Record<string, ReadinessCheck>;
  logger: Logger;
}

/**
 * The operations endpoints every worker exposes: `/healthz` (the process answers), `/readyz` (its
 * dependencies answer; 503 with the failing ones named) and `/metrics` (Prometheus text format).
 */
export class OpsServer {
  readonly #options: OpsServerOptions;
  readonly #server: http.Server;
  #draining = false;

  constructor(options: OpsServerOptions) {
    this.#options = options;
    this.#server = http.createServer((req, res) => {
      this.#handle(req, res).catch((err: unknown) => {
        options.logger.error({ err }, 'ops endpoint failed');
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
    });
  }

  async start(): Promise<number> {
    const { port, host = '127.0.0.1' } = this.#options;
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(port, host, () => resolve());
    });
    return (this.#server.address() as AddressInfo).port;
  }

  /** From here on /readyz answers 503, so a load balancer stops sending work while the service drains. */
  drain(): void {
    this.#draining = true;
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  async #handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/healthz') return json(res, 200, { status: 'ok' });
    if (path === '/readyz') {
      const checks = await runChecks(this.#options.checks ?? {});
      const failed = Object.values(checks).filter((c) => !c.ok);
      const ready = !this.#draining && failed.length === 0;
      const degraded = !this.#draining && failed.length > 0 && failed.every((c) => c.degraded === true);
      return json(res, ready ? 200 : 503, {
        status: ready ? 'ready' : degraded ? 'degraded' : 'not-ready',
        draining: this.#draining,
        checks,
      });
    }
    if (path === '/metrics') {
      res.writeHead(200, { 'content-type': this.#options.registry.contentType });
      res.end(await this.#options.registry.metrics());
      return;
    }
    json(res, 404, { status: 'not-found' });
  }
}

export async function runChecks(
  checks: Record<string, ReadinessCheck>,
  timeoutMs = 2_000,
): Promise<Record<string, { ok: boolean; detail?: string; degraded?: true }>> {
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => {
      try {
        const detail = await withTimeout(check(), timeoutMs);
        return [name, { ok: true, ...(detail ? { detail } : {}) }] as const;
      } catch (err) {
        const detail = err instanceof Error ? err.message : String(err);
        return [
          name,
          { ok: false, detail, ...(err instanceof Degraded ? { degraded: true as const } : {}) },
        ] as const;
      }
    }),
  );
  return Object.fromEntries(entries);
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
