// Ingest's heap flags live in its package start script; compose and Kubernetes start the process themselves,
// so they repeat them, and the test harness reads them from the start script. This keeps the copies equal.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { startFlags } from '@marquee/test-support';

const root = path.resolve(import.meta.dirname, '../../..');
const read = (file: string): string => readFileSync(path.join(root, file), 'utf8');
const flagsIn = (command: string): string[] => command.match(/--[\w-]+=\d+/g) ?? [];

test('ingest runs with the same heap flags wherever it is started', () => {
  const shipped = startFlags('ingest');
  assert.ok(shipped.some((flag) => flag.startsWith('--max-semi-space-size=')));
  assert.ok(shipped.some((flag) => flag.startsWith('--max-old-space-size=')));
  const compose = read('docker-compose.yml')
    .split('\n')
    .filter((line) => line.includes('services/ingest/src/main.ts'));
  const k8s = ['k8s/base/ingest.yaml', 'k8s/base/ingest-clickstream.yaml'].map((file) =>
    read(file)
      .split('\n')
      .filter((line) => line.includes('services/ingest/src/main.ts')),
  );
  const commands = [...compose, ...k8s.flat()];
  assert.equal(commands.length, 4, 'ingest and ingest-clickstream, in compose and in k8s');
  for (const command of commands) assert.deepEqual(flagsIn(command), shipped, command.trim());
});
