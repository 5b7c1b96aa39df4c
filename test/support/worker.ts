import { freePort, type LocalStack } from '@marquee/local-stack';
import { ServiceProcess, type ServiceProcessOptions } from './service-process.ts';
import { stackEnv } from './stack-env.ts';

/** A worker service (ingest, projector, cache-sync) running as a process, and its ops endpoints. */
export interface Worker {
  process: ServiceProcess;
  /** `http://127.0.0.1:<OPS_PORT>`: /healthz, /readyz, /metrics. */
  opsUrl: string;
  /** The worker's /metrics text. */
  metrics(): Promise<string>;
}

/**
 * Starts a service as a process and waits until `readyUrl` answers 200. One that does not get there is
 * killed before the error is thrown, so a failed start leaves no process behind.
 */
export async function startReady(
  options: ServiceProcessOptions,
  readyUrl: string,
  timeoutMs = 60_000,
): Promise<ServiceProcess> {
  const service = new ServiceProcess(options);
  try {
    await service.waitForHttp(readyUrl, timeoutMs);
  } catch (err) {
    service.kill('SIGKILL');
    await service.exited;
    throw err;
  }
  return service;
}

/** Starts a worker on a private stack with its ops endpoints on a free port, and waits until it is ready. */
export async function startWorker(
  stack: LocalStack,
  service: string,
  env: Record<string, string> = {},
  timeoutMs?: number,
): Promise<Worker> {
  const opsPort = await freePort();
  const opsUrl = `http://127.0.0.1:${opsPort}`;
  const started = await startReady(
    { service, env: { ...stackEnv(stack), OPS_PORT: String(opsPort), ...env } },
    `${opsUrl}/readyz`,
    timeoutMs,
  );
  return { process: started, opsUrl, metrics: async () => (await fetch(`${opsUrl}/metrics`)).text() };
}
