// Runs the test suite with node's own runner. `node scripts/test.ts [unit|int|e2e]...` picks levels by file
// name (`*.unit.test.ts`, `*.int.test.ts`, `*.e2e.test.ts`); no argument runs them all. The runner's closing
// summary (tests / pass / fail) is what CI reads.
import { spawnSync } from 'node:child_process';
import { globSync } from 'node:fs';

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

// Integration tests mostly wait on sockets, so two files at a time use a 2-core machine well.
const concurrency = process.env.TEST_CONCURRENCY ?? '2';
const result = spawnSync(
  process.execPath,
  ['--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...files.sort()],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
