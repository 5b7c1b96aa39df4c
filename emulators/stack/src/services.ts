import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import type { ChildServiceSpec } from './child-service.ts';
import { packageStartFlags } from './service-flags.ts';

// Each part of the stack runs as its own process: on a 2-core machine that spreads the emulators over both
// cores, and a crash in one cannot take the others down.

const require = createRequire(import.meta.url);

function cliOf(packageName: string): string {
  const entry = fileURLToPath(import.meta.resolve(packageName));
  return path.join(path.dirname(entry), 'cli.ts');
}

export function eventHubsSpec(port: number, dataDir?: string, configFile?: string): ChildServiceSpec {
  const args = [cliOf('@marquee/eventhubs-emulator'), '--port', String(port)];
  if (dataDir) args.push('--data-dir', path.join(dataDir, 'eventhubs'));
  if (configFile) args.push('--config', configFile);
  return { name: 'eventhubs', command: process.execPath, args, port };
}

export function cosmosSpec(port: number, partitions: number, dataDir?: string): ChildServiceSpec {
  const cli = cliOf('@marquee/cosmos-emulator');
  const args = [
    // Its heap flags, as its start script gives them (the package's directory is the one above src/).
    ...packageStartFlags(path.dirname(path.dirname(cli))),
    cli,
    '--port',
    String(port),
    '--partitions',
    String(partitions),
  ];
  if (dataDir) args.push('--data-dir', path.join(dataDir, 'cosmos'));
  return { name: 'cosmos', command: process.execPath, args, port };
}

export function azuriteSpec(port: number, dataDir?: string): ChildServiceSpec {
  const main = path.join(path.dirname(require.resolve('azurite/package.json')), 'dist/src/blob/main.js');
  const storage = dataDir
    ? ['--location', path.join(dataDir, 'azurite')]
    : ['--inMemoryPersistence', '--extentMemoryLimit', '512'];
  // The SDK speaks a newer storage API version than Azurite knows; the calls it makes are the same.
  const args = [main, '--blobHost', '127.0.0.1', '--blobPort', String(port), ...storage];
  args.push('--skipApiVersionCheck', '--loose', '--disableTelemetry', '--silent');
  return { name: 'azurite', command: process.execPath, args, port };
}

export function redisServerPath(): string {
  try {
    return execFileSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error(
      'redis-server is not installed. Install it with `apt-get install -y redis-server` ' +
        '(Debian/Ubuntu), `brew install redis` (macOS), or run `bash .ci/bootstrap`.',
    );
  }
}

export function redisSpec(port: number): ChildServiceSpec {
  // No persistence: the cache is rebuilt from the store, which is the point of cache-sync.
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
  return { name: 'redis', command: redisServerPath(), args, port };
}

/** Subdirectories of the stack's data directory, one per stateful part. */
export const STACK_DATA_PARTS = ['eventhubs', 'cosmos', 'azurite'] as const;

/** Deletes what the stack keeps under `dataDir` (and nothing else there); returns the parts it removed. */
export function resetStackData(dataDir: string): string[] {
  const removed: string[] = [];
  for (const part of STACK_DATA_PARTS) {
    const dir = path.join(dataDir, part);
    if (!existsSync(dir)) continue;
    rmSync(dir, { recursive: true, force: true });
    removed.push(part);
  }
  return removed;
}
