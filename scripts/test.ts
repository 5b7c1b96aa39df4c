// Runs the test suite with node's own runner. `node scripts/test.ts [unit|int|e2e]...` picks levels by file
// name (`*.unit.test.ts`, `*.int.test.ts`, `*.e2e.test.ts`); no argument runs them all. The runner's closing
// summary (tests / pass / fail) is what CI reads.
import { spawnSync } from 'node:child_process';
import { existsSync, globSync, readFileSync } from 'node:fs';
import { compileCacheDir } from './compile-cache.ts';

const levels = process.argv.slice(2);
const chosen = levels.length > 0 ? levels : ['unit', 'int', 'e2e'];
const roots = ['emulators', 'libs', 'services', 'test', 'k8s', 'infra'];

const files = chosen.flatMap((level) =>
  roots.flatMap((root) =>
    globSync(`${root}/**/*.${level}.test.ts`, { exclude: (name) => name.includes('node_modules') }),
  ),
);
if (files.length === 0) {
  console.error(`no test files for levels: ${chosen.join(', ')}`);
  process.exit(1);
}

// Longest first (seconds a past run measured; a file not measured yet counts as UNMEASURED_S): two workers
// then finish close together, instead of one running the last long file alone.
const UNMEASURED_S = 20;
const durationsFile = 'scripts/test-durations.json';
const measured: Record<string, number> = existsSync(durationsFile)
  ? (JSON.parse(readFileSync(durationsFile, 'utf8')) as Record<string, number>)
  : {};
const expected = (file: string): number => measured[file] ?? UNMEASURED_S;
files.sort((a, b) => expected(b) - expected(a) || a.localeCompare(b));

// Integration tests mostly wait on sockets, so two files at a time use a 2-core machine well.
const concurrency = process.env.TEST_CONCURRENCY ?? '2';

// Every test file runs in a node process of its own, and so does every service or emulator a test starts; most
// load the same SDKs and sources. Node's compile cache keeps their stripped TypeScript and compiled code between
// processes, so a warm start loads in about two thirds of the time and the suite ends sooner. Kept with other
// tools' caches under node_modules (scripts/compile-cache.ts, as pnpm start and pnpm bench); a caller's own
// NODE_COMPILE_CACHE wins.
const compileCache = compileCacheDir();
const result = spawnSync(
  process.execPath,
  [
    '--test',
    `--test-concurrency=${concurrency}`,
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    '--test-reporter=./scripts/test-timing-reporter.ts',
    '--test-reporter-destination=stdout',
    ...files,
  ],
  { stdio: 'inherit', env: { ...process.env, NODE_COMPILE_CACHE: compileCache } },
);
process.exit(result.status ?? 1);
