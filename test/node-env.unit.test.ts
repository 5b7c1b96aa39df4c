// The image's ENV and what `pnpm start` and `pnpm bench` give the processes they start (scripts/node-env.ts)
// must be the same environment, or the benches measure something that does not ship.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { MALLOC_MMAP_THRESHOLD } from '../scripts/node-env.ts';

const root = path.resolve(import.meta.dirname, '..');
const imageEnv = (name: string): string | undefined =>
  new RegExp(`^\\s*(?:ENV\\s+)?${name}=(\\S+?)\\s*\\\\?$`, 'm').exec(
    readFileSync(path.join(root, 'Dockerfile'), 'utf8'),
  )?.[1];

test('the image runs every process with the environment the demo and the benches give theirs', () => {
  assert.equal(imageEnv('MALLOC_MMAP_THRESHOLD_'), String(MALLOC_MMAP_THRESHOLD));
  assert.equal(imageEnv('NODE_COMPILE_CACHE'), '/app/node_modules/.cache/node-compile-cache');
});
