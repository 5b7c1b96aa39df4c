// Runs test/fixtures/instance.ts as a separate node process and collects what it reports.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export interface ChildInstance {
  readonly process: ChildProcess;
  readonly batches: Array<{ lease: string; ids: string[] }>;
  readonly acquired: string[];
  readonly released: string[];
  ready(): boolean;
  kill(): Promise<void>;
}

const fixture = fileURLToPath(new URL('../fixtures/instance.ts', import.meta.url));

export function spawnInstance(endpoint: string, key: string, name: string): ChildInstance {
  const child = spawn(process.execPath, [fixture, endpoint, key, name], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const batches: Array<{ lease: string; ids: string[] }> = [];
  const acquired: string[] = [];
  const released: string[] = [];
  let isReady = false;
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  createInterface({ input: child.stdout }).on('line', (line) => {
    const message = JSON.parse(line) as { t: string; lease?: string; ids?: string[] };
    if (message.t === 'ready') isReady = true;
    if (message.t === 'acquired' && message.lease !== undefined) acquired.push(message.lease);
    if (message.t === 'released' && message.lease !== undefined) released.push(message.lease);
    if (message.t === 'batch' && message.lease !== undefined)
      batches.push({ lease: message.lease, ids: message.ids ?? [] });
  });
  return {
    process: child,
    batches,
    acquired,
    released,
    ready: () => isReady,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
