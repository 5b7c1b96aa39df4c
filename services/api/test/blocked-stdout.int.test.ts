// With its stdout blocked (a log pipe nobody reads), the api must still serve and still stop on SIGTERM within
// its grace period. It used to block in a synchronous log write and ignore SIGTERM for good.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { freePort } from '@marquee/test-support';
import { DATABASE, startStore } from './reports-fixture.ts';

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));

test('an api whose stdout is never read exits on SIGTERM within its grace period', async (t) => {
  const store = await startStore();
  t.after(() => store.close());
  const port = await freePort();
  const child = spawn(process.execPath, [MAIN], {
    env: {
      ...process.env,
      COSMOS_CONNECTION_STRING: store.connectionString,
      COSMOS_DATABASE: DATABASE,
      REDIS_URL: 'redis://127.0.0.1:1',
      ADMIN_TOKEN: 'test-admin-token',
      HOST: '127.0.0.1',
      PORT: String(port),
      OPS_PORT: '0',
      LOG_LEVEL: 'info',
      SHUTDOWN_GRACE_MS: '1000',
    },
    // stdout is a pipe this test never reads: once its buffer (64 KiB) is full, every write would block.
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  t.after(() => child.kill('SIGKILL'));
  const base = `http://127.0.0.1:${port}`;
  const get = (path: string) =>
    fetch(`${base}${path}`, { signal: AbortSignal.timeout(2_000) }).then(
      (r) => r.status,
      () => 0,
    );
  for (let i = 0; i < 300 && (await get('/healthz')) !== 200; i++)
    await new Promise((r) => setTimeout(r, 100));
  assert.equal(await get('/healthz'), 200, 'the api started');

  // A 404 is logged at info with its url (~8 KiB): 200 of them fill the pipe many times over.
  const pad = 'x'.repeat(8_000);
  let answered = 0;
  for (let round = 0; round < 10; round++) {
    const codes = await Promise.all(Array.from({ length: 20 }, () => get(`/nope?pad=${pad}`)));
    answered += codes.filter((c) => c === 404).length;
  }
  assert.equal(answered, 200, 'requests are still served while stdout is blocked');

  child.kill('SIGTERM');
  const outcome = await Promise.race([
    once(child, 'exit').then(() => 'exited'),
    new Promise((resolve) => setTimeout(resolve, 20_000, 'still running')),
  ]);
  assert.equal(outcome, 'exited');
});
