// Runs the .NET interop suites (interop/dotnet) from node tests. The solution is built once per change: test
// files that run in parallel take turns through flock, and the second build finds everything up to date. The
// NuGet packages stay in the machine's global folder (~/.nuget/packages), which is the cache between runs.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const DOTNET_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../interop/dotnet');

/** Quiet, no telemetry, no build servers left running after the test (every process we start, we stop). */
const DOTNET_ENV = {
  DOTNET_CLI_TELEMETRY_OPTOUT: '1',
  DOTNET_NOLOGO: '1',
  DOTNET_SKIP_FIRST_TIME_EXPERIENCE: '1',
  DOTNET_CLI_WORKLOAD_UPDATE_NOTIFY_DISABLE: '1',
  MSBUILDDISABLENODEREUSE: '1',
};

export interface DotnetRun {
  code: number | null;
  output: string;
}

/** Runs a command to completion, keeping stdout and stderr interleaved as one text. */
export function run(command: string, args: string[], env: Record<string, string> = {}): Promise<DotnetRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: DOTNET_ROOT,
      env: { ...process.env, ...DOTNET_ENV, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, output }));
  });
}

/** Restores and builds every project in Interop.slnx (incremental; serialised across test files). */
export async function buildDotnet(): Promise<void> {
  const lock = path.join(DOTNET_ROOT, '.artifacts.lock');
  const build = await run('flock', [
    lock,
    'dotnet',
    'build',
    'Interop.slnx',
    '--disable-build-servers',
    '-v:quiet',
    '-nologo',
  ]);
  if (build.code !== 0) throw new Error(`dotnet build failed (exit ${build.code}):\n${build.output}`);
}

export interface DotnetTestResult extends DotnetRun {
  /** The runner's counts, e.g. `total 12, passed 12, failed 0, skipped 0`. */
  summary: string;
}

/** Runs one already-built xunit project with the given environment (the endpoints of a private stack). */
export async function dotnetTest(project: string, env: Record<string, string>): Promise<DotnetTestResult> {
  const result = await run(
    'dotnet',
    ['test', path.join(project, `${project}.csproj`), '--no-build', '--logger', 'console;verbosity=normal'],
    env,
  );
  const count = (label: string): string =>
    result.output.match(new RegExp(`^\\s*${label}: (\\d+)`, 'm'))?.[1] ?? '0';
  const summary = `total ${count('Total tests')}, passed ${count('Passed')}, failed ${count('Failed')}, skipped ${count('Skipped')}`;
  return { ...result, summary };
}

/** The lines of a failed run worth reading: each failed test with its message and stack. */
export function failures(output: string): string {
  const lines = output.split('\n');
  const start = lines.findIndex((l) => /^\s+Failed /.test(l));
  return start < 0 ? output.slice(-8000) : lines.slice(start).join('\n').slice(0, 16000);
}

/** Runs a built console project (its dll from the artifacts folder) to completion. */
export function dotnetRun(project: string, args: string[], env: Record<string, string>): Promise<DotnetRun> {
  const dll = path.join(DOTNET_ROOT, '.artifacts', 'bin', project, 'debug', `${project}.dll`);
  return run('dotnet', [dll, ...args], env);
}
