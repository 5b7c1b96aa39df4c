// The emulator as its own process (src/cli.ts, as the local stack runs it), for the benchmarks: its connection
// string, resident memory and CPU time from /proc (Linux).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createInterface } from 'node:readline';
import type { HubConfig } from '../src/index.ts';

export interface BenchEmulator {
  connectionString: string;
  close(): Promise<void>;
  /** Resident set size in bytes. */
  rss?: () => Promise<number>;
  /** User + system CPU seconds the emulator process has used so far. */
  cpuSeconds?: () => Promise<number>;
}

/** Starts src/cli.ts with these hubs and extra CLI flags; node flags come from EMULATOR_NODE_OPTIONS. */
export async function startEmulatorProcess(hubs: HubConfig[], flags: string[] = []): Promise<BenchEmulator> {
  const config = `${tmpdir()}/eventhubs-bench-hubs-${process.pid}.json`;
  writeFileSync(config, JSON.stringify({ hubs }));
  const nodeArgs = (process.env.EMULATOR_NODE_OPTIONS ?? '').split(' ').filter(Boolean);
  const cli = new URL('../src/cli.ts', import.meta.url).pathname;
  const child = spawn(process.execPath, [...nodeArgs, cli, '--port', '0', '--config', config, ...flags], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, LOG_LEVEL: 'warn' },
  });
  const lines = createInterface({ input: child.stdout });
  const [first] = (await once(lines, 'line')) as [string];
  rmSync(config);
  return {
    connectionString: first,
    rss: async () => {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
    },
    cpuSeconds: async () => {
      // Fields 14 and 15 of /proc/<pid>/stat: utime and stime in clock ticks (100 per second on Linux).
      const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      return (Number(fields[11]) + Number(fields[12])) / 100;
    },
    close: async () => {
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}
