// The documented rebuild commands reach the rebuild script with their arguments. (`pnpm --filter
// @marquee/projector rebuild --view categories`, without `run`, is pnpm's own built-in `rebuild`, which fails
// with "Unknown option: 'view'": the README once said that.) A view name the script does not know makes it
// answer with its own message and exit code 2, which proves the arguments got there without needing a stack.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../../..');

function run(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    execFile('pnpm', args, { cwd: root, timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err === null ? 0 : typeof err.code === 'number' ? err.code : null;
      resolve({ code, output: stdout + stderr });
    });
  });
}

describe('the documented rebuild commands', { concurrency: true }, () => {
  for (const args of [
    ['rebuild-view', '--view', 'no-such-view'],
    ['--filter', '@marquee/projector', 'run', 'rebuild', '--view', 'no-such-view'],
  ]) {
    test(`pnpm ${args.join(' ')} runs the rebuild script with the arguments`, async () => {
      const { code, output } = await run(args);
      assert.equal(code, 2, output);
      assert.match(output, /rebuild: unknown view no-such-view; views: top-movies, categories/);
    });
  }
});
