// `pnpm bench <name> [args]`: runs one benchmark script; each prints its own figures. No name lists them.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { compileCacheDir, warmCompileCache } from './compile-cache.ts';

const root = path.resolve(import.meta.dirname, '..');
const benches: Record<string, string> = {
  eventhubs: 'emulators/eventhubs/bench/throughput.ts',
  cosmos: 'emulators/cosmos/bench/throughput.ts',
  'cosmos-queries': 'emulators/cosmos/bench/queries.ts',
  'cosmos-index-memory': 'emulators/cosmos/bench/index-memory.ts',
  'change-feed': 'libs/change-feed-processor/bench/throughput.ts',
  'cfp-vs-dotnet': 'libs/change-feed-processor/bench/vs-dotnet.ts',
  ingest: 'services/ingest/bench/ingest.ts',
  datagen: 'services/datagen/bench/datagen.ts',
  projector: 'services/projector/bench/projector.ts',
  pipeline: 'services/projector/bench/pipeline.ts',
  'stack-soak': 'services/projector/bench/stack-soak.ts',
  categories: 'services/api/bench/categories.ts',
  reports: 'services/api/bench/reports.ts',
};

const [name, ...args] = process.argv.slice(2);
const script = name === undefined ? undefined : benches[name];
if (script === undefined || !existsSync(path.join(root, script))) {
  const available = Object.entries(benches)
    .filter(([, file]) => existsSync(path.join(root, file)))
    .map(([bench, file]) => `  ${bench.padEnd(12)} ${file}`);
  process.stderr.write(`usage: pnpm bench <name> [args]\n${available.join('\n')}\n`);
  process.exit(name === undefined ? 0 : 1);
}
// Every process of a bench runs with the compile cache, warmed first, as in the image: a service measured
// without it would carry node's type stripper (~25 MiB RSS) that no deployed process loads.
process.env.NODE_COMPILE_CACHE = compileCacheDir();
const problems = await warmCompileCache();
if (problems.length > 0) {
  process.stderr.write(`bench: compile cache not warmed:\n${problems.join('\n')}\n`);
  process.exit(1);
}
const result = spawnSync(process.execPath, [path.join(root, script), ...args], {
  stdio: 'inherit',
  cwd: root,
});
process.exit(result.status ?? 1);
