// `pnpm start` as a newcomer runs it, piped into tee, on a terminal (a pseudo-terminal from util-linux's
// `script`), then Ctrl-C: SIGINT to the terminal's foreground process group, as the terminal sends it. Every
// process the demo started (stack, seed, services, datagen) must be gone afterwards. Free ports and no data
// directory, so it runs beside anything else.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { eventually } from './support/index.ts';

const root = path.resolve(import.meta.dirname, '..');
const dir = mkdtempSync(path.join(tmpdir(), 'demo-ctrl-c-'));
const logFile = path.join(dir, 'demo.log');
after(() => rmSync(dir, { recursive: true, force: true }));

interface Proc {
  pid: number;
  ppid: number;
  pgrp: number;
  /** Start time in clock ticks: tells a survivor from a new process that reused the pid. */
  start: string;
  command: string;
}

function processes(): Proc[] {
  const found: Proc[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // The command name may hold spaces and parentheses; the fields after its last ')' are fixed.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const command = readFileSync(`/proc/${name}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
      found.push({
        pid: Number(name),
        ppid: Number(fields[1]),
        pgrp: Number(fields[2]),
        start: fields[19] ?? '',
        command,
      });
    } catch {
      // Ended while we looked.
    }
  }
  return found;
}

function descendants(of: number): Proc[] {
  const all = processes();
  const tree = new Set([of]);
  for (let grew = true; grew;) {
    grew = false;
    for (const p of all) {
      if (tree.has(p.ppid) && !tree.has(p.pid)) {
        tree.add(p.pid);
        grew = true;
      }
    }
  }
  return all.filter((p) => tree.has(p.pid) && p.pid !== of);
}

test('Ctrl-C on `pnpm start | tee` stops every process the demo started', { timeout: 300_000 }, async () => {
  const command = `pnpm start --free-ports --in-memory --backfill 1h --rate 5 | tee ${logFile}`;
  const terminal = spawn('script', ['-qfec', command, '/dev/null'], {
    cwd: root,
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  const ended = new Promise<void>((resolve) => terminal.once('exit', () => resolve()));
  let started: Proc[] = [];
  try {
    const log = (): string => {
      try {
        return readFileSync(logFile, 'utf8');
      } catch {
        return '';
      }
    };
    // A demo that stops before it runs fails the test then, with its log, not at the timeout.
    await Promise.race([
      eventually(() => assert.match(log(), /Marquee demo is running/, 'the demo never said it was running'), {
        timeoutMs: 180_000,
        intervalMs: 500,
      }),
      ended.then(() => assert.fail(`the demo stopped before it said it was running:\n${log()}`)),
    ]);
    started = descendants(terminal.pid ?? -1);
    const names = started.map((p) => p.command).join('\n');
    for (const part of ['emulators/cosmos', 'emulators/eventhubs', 'services/ingest', 'services/api']) {
      assert.ok(names.includes(part), `expected ${part} among the demo's processes:\n${names}`);
    }
    const pnpm = started.find((p) => /\bpnpm\b/.test(p.command) && p.command.includes('start'));
    assert.ok(pnpm, `no pnpm process among:\n${names}`);

    process.kill(-pnpm.pgrp, 'SIGINT');
    await ended;
    const survivors = (): Proc[] => {
      const now = new Map(processes().map((p) => [p.pid, p.start]));
      return started.filter((p) => now.get(p.pid) === p.start);
    };
    await eventually(
      () =>
        assert.deepEqual(
          survivors().map((p) => p.command),
          [],
          'processes outlived Ctrl-C',
        ),
      { timeoutMs: 30_000, intervalMs: 250 },
    );
  } finally {
    // Leave nothing behind when the test fails half-way.
    for (const p of started) {
      try {
        process.kill(p.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
    if (terminal.exitCode === null) terminal.kill('SIGKILL');
  }
});
