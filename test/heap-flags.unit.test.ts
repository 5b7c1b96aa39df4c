// A service's heap flags live in its package start script, and so do the Cosmos emulator's. Compose and
// Kubernetes start the process themselves, so they repeat them; the demo, the test harness and the local stack
// read them from the start script. This keeps the copies equal.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { packageStartFlags } from '@marquee/local-stack';
import { startFlags } from './support/index.ts';

const root = path.resolve(import.meta.dirname, '..');
/** The file, with each bracketed list on one line (a long command is wrapped over several). */
const read = (file: string): string =>
  readFileSync(path.join(root, file), 'utf8').replace(/\[[^\]]*\]/g, (list) =>
    list.replace(/\s*\n\s*/g, ' '),
  );
const flagsIn = (command: string): string[] => command.match(/--[\w-]+=\d+/g) ?? [];
const commandsOf = (service: string, files: string[]): string[] =>
  files.flatMap((file) =>
    read(file)
      .split('\n')
      .filter((line) => line.includes(`services/${service}/src/main.ts`)),
  );

const SHIPPED = [
  // ingest and ingest-clickstream run the same package
  { service: 'ingest', k8s: ['k8s/base/ingest.yaml', 'k8s/base/ingest-clickstream.yaml'], commands: 4 },
  { service: 'projector', k8s: ['k8s/base/projector.yaml'], commands: 2 },
];

for (const { service, k8s, commands } of SHIPPED) {
  test(`${service} runs with the same heap flags wherever it is started`, () => {
    const shipped = startFlags(service);
    assert.ok(shipped.some((flag) => flag.startsWith('--max-semi-space-size=')));
    assert.ok(shipped.some((flag) => flag.startsWith('--max-old-space-size=')));
    const found = commandsOf(service, ['docker-compose.yml', ...k8s]);
    assert.equal(found.length, commands, `${service}: every command in compose and in k8s`);
    for (const command of found) assert.deepEqual(flagsIn(command), shipped, command.trim());
  });
}

test('the Cosmos emulator runs with the same heap flags wherever it is started', () => {
  const shipped = packageStartFlags(path.join(root, 'emulators/cosmos'));
  assert.ok(shipped.some((flag) => flag.startsWith('--max-semi-space-size=')));
  const found = ['docker-compose.yml', 'k8s/overlays/local/emulators/cosmos.yaml'].flatMap((file) =>
    read(file)
      .split('\n')
      .filter((line) => line.includes('emulators/cosmos/src/cli.ts')),
  );
  assert.equal(found.length, 2, 'its command in compose and in k8s');
  for (const command of found) assert.deepEqual(flagsIn(command), shipped, command.trim());
});
