import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { RunningEventHubsEmulator } from '@marquee/eventhubs-emulator';
import { parseOutFile, recordBytes } from '../src/index.ts';
import { readHub, startEmulator } from './helpers.ts';

const serviceDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let emulator: RunningEventHubsEmulator;
let dir: string;

before(async () => {
  emulator = await startEmulator(['cli', 'stopped']);
  dir = await mkdtemp(path.join(tmpdir(), 'datagen-cli-'));
});
after(async () => {
  await emulator?.close();
  await rm(dir, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node src/main.ts …` as the container would; `whenRunning` may poke the process (e.g. signal it). */
async function datagen(
  args: string[],
  env: Record<string, string> = {},
  whenRunning?: (pid: number) => Promise<void>,
): Promise<Run> {
  const child = spawn(process.execPath, ['src/main.ts', ...args], {
    cwd: serviceDir,
    env: {
      ...process.env,
      EVENTHUB_CONNECTION_STRING: emulator.connectionString,
      EVENTHUB_FQDN: '',
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = once(child, 'exit') as Promise<[number | null]>;
  const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  if (whenRunning) await whenRunning(child.pid as number);
  const [code] = await exited;
  clearTimeout(killer);
  return { code, stdout, stderr };
}

test('node src/main.ts --count 200 --rate 0 sends 200 events, exits 0 and prints a summary', async () => {
  const out = path.join(dir, 'cli.jsonl');
  const run = await datagen(
    ['--count', '200', '--rate', '0', '--seed', '5', '--invalid-ratio', '0.1', '--out', out],
    {
      EVENTHUB_NAME: 'cli',
    },
  );
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /^done: sent=200 valid=\d+ invalid=\d+ duplicates=0 .*seed=5$/m);
  // Logs are JSON lines on stderr; stdout carries only progress and the summary.
  for (const line of run.stderr.split('\n').filter(Boolean))
    assert.doesNotThrow(() => JSON.parse(line), line);
  assert.doesNotMatch(run.stdout, /"level"/);
  const records = parseOutFile(await readFile(out, 'utf8'));
  assert.equal(records.length, 200);
  const received = await readHub(emulator.connectionString, 'cli', 200);
  assert.equal(received.length, 200);
  const bytes = (list: Buffer[]): string[] => list.map((b) => b.toString('base64')).sort();
  assert.deepEqual(bytes(received.map((e) => e.body)), bytes(records.map(recordBytes)));
});

test('SIGINT: finishes the current batch, flushes --out, prints totals and exits 0', async () => {
  const out = path.join(dir, 'stopped.jsonl');
  const run = await datagen(
    ['--rate', '100', '--seed', '6', '--hub', 'stopped', '--out', out],
    {},
    async (pid) => {
      // Wait until it is sending (its first batches are in the --out file), then interrupt it.
      const deadline = Date.now() + 20_000;
      while (Date.now() < deadline) {
        const text = await readFile(out, 'utf8').catch(() => '');
        if (text.split('\n').length > 20) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      process.kill(pid, 'SIGINT');
    },
  );
  assert.equal(run.code, 0, run.stderr);
  const summary = /^stopped: sent=(\d+) /m.exec(run.stdout);
  assert.ok(summary, run.stdout);
  const sent = Number(summary[1]);
  const records = parseOutFile(await readFile(out, 'utf8'));
  assert.equal(records.length, sent, 'everything sent is recorded');
  const received = await readHub(emulator.connectionString, 'stopped', sent, 10_000);
  assert.equal(received.length, sent, 'everything recorded was sent, nothing more');
});

test('--help prints every option and exits 0; bad options exit 2 naming each problem', async () => {
  const help = await datagen(['--help']);
  assert.equal(help.code, 0);
  for (const option of [
    '--rate',
    '--count',
    '--duration',
    '--seed',
    '--partition-key',
    '--batch-size',
    '--backfill',
    '--start',
    '--invalid-ratio',
    '--duplicate-ratio',
    '--out',
    '--hub',
  ]) {
    assert.ok(help.stdout.includes(option), option);
  }
  const bad = await datagen(['--rate', 'fast', '--partition-key', 'tenant']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--rate must be/);
  assert.match(bad.stderr, /--partition-key must be one of/);
  const noHub = await datagen(['--count', '1'], {
    EVENTHUB_CONNECTION_STRING: 'x',
    EVENTHUB_FQDN: 'y.servicebus.windows.net',
  });
  assert.equal(noHub.code, 2);
  assert.match(noHub.stderr, /not both/);
});
