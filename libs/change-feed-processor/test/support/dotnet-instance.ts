// The official .NET change feed processor (interop/dotnet/ChangeFeedFleet) as a child process in the same fleet
// as Marquee's: same processor name ("proj"), same lease container, the fast timings of the other tests.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { DOTNET_ROOT } from '../../../../test/support/dotnet.ts';
import { FAST } from './stack.ts';

export const FLEET_DLL = path.join(DOTNET_ROOT, '.artifacts/bin/ChangeFeedFleet/debug/ChangeFeedFleet.dll');

export interface DotnetInstance {
  readonly process: ChildProcess;
  /** Every change handled, in order: id and lease token. */
  readonly changes: Array<{ id: string; lease: string }>;
  readonly errors: string[];
  started(): boolean;
  kill(): Promise<void>;
}

export function spawnDotnetInstance(endpoint: string, key: string, name: string): DotnetInstance {
  const child = spawn(
    'dotnet',
    [
      FLEET_DLL,
      ...['--endpoint', endpoint, '--key', key, '--database', 'cfp', '--processor', 'proj'],
      ...['--instance', name, '--max-items', '50', '--poll-ms', String(FAST.pollIntervalMs)],
      ...['--renew-ms', String(FAST.leaseRenewIntervalMs), '--expiry-ms', String(FAST.leaseExpirationMs)],
      ...['--acquire-ms', String(FAST.leaseAcquireIntervalMs)],
    ],
    { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1' } },
  );
  const changes: Array<{ id: string; lease: string }> = [];
  const errors: string[] = [];
  let isStarted = false;
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  createInterface({ input: child.stdout }).on('line', (line) => {
    const m = JSON.parse(line) as { event: string; id?: string; lease?: string; message?: string };
    if (m.event === 'started') isStarted = true;
    if (m.event === 'change' && m.id !== undefined) changes.push({ id: m.id, lease: m.lease ?? '' });
    if (m.event === 'error') errors.push(`${m.lease ?? ''}: ${m.message ?? ''}`);
  });
  return {
    process: child,
    changes,
    errors,
    started: () => isStarted,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
