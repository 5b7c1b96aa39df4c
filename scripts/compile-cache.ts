// Node's module compile cache for every Marquee process (NODE_COMPILE_CACHE, set by whoever starts node: the
// image, `pnpm start`, `pnpm bench`). Per source file it keeps V8's code cache and, for our TypeScript, the
// type-stripped source, so a process whose modules all hit it never loads node's type stripper (amaro: its
// WebAssembly memory and bundled source stay for the life of the process, ~25 MiB RSS in the projector) and
// starts faster. Entries are checked against each file's content: a changed file is stripped and compiled
// again by itself. They live under a subdirectory per node version, CPU and uid, so another node or another
// user misses (and, if it cannot write there, runs as without a cache); never a wrong module. Node writes
// new entries when the process exits, so a service stopped by SIGKILL adds nothing.
//
// `node scripts/compile-cache.ts` warms it: it starts every entry the image runs with a setting that entry
// refuses, so each stops at its first line, its configuration check, after node has compiled everything it
// imports statically and before it opens anything. Modules loaded later, on first use (the Event Hubs and
// Blob SDKs, datagen's run), are plain JavaScript compiled then; none of them needs the stripper.
import { spawn } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');

/** The cache directory: the caller's NODE_COMPILE_CACHE, else node_modules/.cache/node-compile-cache (as the test runner). */
export function compileCacheDir(): string {
  return process.env.NODE_COMPILE_CACHE ?? path.join(root, 'node_modules/.cache/node-compile-cache');
}

/** Every process the image runs (docker-compose.yml, k8s/). */
const ENTRIES = [
  'services/api/src/main.ts',
  'services/cache-sync/src/main.ts',
  'services/datagen/src/main.ts',
  'services/exporter/src/main.ts',
  'services/ingest/src/main.ts',
  'services/projector/src/main.ts',
  'services/seed/src/main.ts',
  'emulators/cosmos/src/cli.ts',
  'emulators/eventhubs/src/cli.ts',
];
// The services refuse it as LOG_LEVEL, the emulators and datagen as an unknown option; each names it.
const REFUSED = 'warm-compile-cache';
const STOP_WITHIN_MS = 60_000;

/** Starts `entry` with the refused setting; resolves with a problem, or undefined when it stopped refusing it. */
function warmOne(entry: string, dir: string): Promise<string | undefined> {
  const child = spawn(process.execPath, [path.join(root, entry), `--${REFUSED}`], {
    cwd: root,
    env: { ...process.env, NODE_COMPILE_CACHE: dir, LOG_LEVEL: REFUSED },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_WITHIN_MS);
  return new Promise((resolve) =>
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      const refused = code !== 0 && stderr.includes(REFUSED);
      resolve(
        refused ? undefined : `${entry} did not stop at its configuration (${signal ?? code}):\n${stderr}`,
      );
    }),
  );
}

/** Warms the cache for every entry, two at a time (a build machine's cores, not all of them); returns the problems. */
export async function warmCompileCache(dir = compileCacheDir()): Promise<string[]> {
  const queue = [...ENTRIES];
  const problems: string[] = [];
  const worker = async (): Promise<void> => {
    for (let entry = queue.shift(); entry !== undefined; entry = queue.shift()) {
      const problem = await warmOne(entry, dir);
      if (problem !== undefined) problems.push(problem);
    }
  };
  await Promise.all([worker(), worker()]);
  return problems;
}

if (import.meta.main) {
  const started = performance.now();
  const problems = await warmCompileCache();
  if (problems.length > 0) {
    process.stderr.write(`compile cache: ${problems.join('\n')}\n`);
    process.exit(1);
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  process.stdout.write(
    `compile cache: ${ENTRIES.length} entries warmed in ${compileCacheDir()} (${seconds} s)\n`,
  );
}
