import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serviceStartFlags } from '@marquee/local-stack';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface ServiceProcessOptions {
  /** Folder under services/, e.g. `ingest`. */
  service: string;
  env: Record<string, string>;
  /** Script relative to the service folder; default `src/main.ts`. */
  script?: string;
  args?: string[];
  /** Keep the service's log lines (JSON) for assertions; default true. */
  captureLogs?: boolean;
}

/** The flags the service's start script runs it with: tests and benchmarks run a service as it ships. */
export function startFlags(service: string): string[] {
  return serviceStartFlags(repoRoot, service);
}

/** A Marquee service run as its own process, as it runs in a container: for kill/restart tests. */
export class ServiceProcess {
  readonly child: ChildProcess;
  readonly logs: string[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(options: ServiceProcessOptions) {
    const script = path.join(repoRoot, 'services', options.service, options.script ?? 'src/main.ts');
    const flags = options.script === undefined ? startFlags(options.service) : [];
    this.child = spawn(process.execPath, [...flags, script, ...(options.args ?? [])], {
      cwd: path.join(repoRoot, 'services', options.service),
      env: { ...process.env, LOG_LEVEL: 'info', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // A chunk from a pipe can end in the middle of a line (or of a character): each stream keeps its
    // unfinished tail until the rest arrives, so every entry in `logs` is one whole line.
    const keepLines = (stream: NodeJS.ReadableStream | null): void => {
      let tail = '';
      stream?.setEncoding('utf8');
      stream?.on('data', (chunk: string) => {
        if (options.captureLogs === false) return;
        const lines = (tail + chunk).split('\n');
        tail = lines.pop() ?? '';
        for (const line of lines) if (line.trim()) this.logs.push(line);
      });
      stream?.on('end', () => {
        if (tail.trim() && options.captureLogs !== false) this.logs.push(tail);
      });
    };
    keepLines(this.child.stdout);
    keepLines(this.child.stderr);
    // 'close', not 'exit': it comes once the output pipes are drained too, so `logs` is then complete.
    this.exited = new Promise((resolve) =>
      this.child.once('close', (code, signal) => resolve({ code, signal })),
    );
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Polls an HTTP URL of the service (e.g. its /readyz) until it answers 200. */
  async waitForHttp(url: string, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!this.running) throw new Error(`${url}: the service exited:\n${this.logs.slice(-20).join('\n')}`);
      try {
        const response = await fetch(url);
        if (response.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`${url} did not answer 200 within ${timeoutMs} ms:\n${this.logs.slice(-20).join('\n')}`);
  }

  kill(signal: NodeJS.Signals = 'SIGKILL'): void {
    if (this.running) this.child.kill(signal);
  }

  /** SIGTERM and wait for a graceful exit; SIGKILL after the timeout. */
  async stop(timeoutMs = 15_000): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (!this.running) return await this.exited;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.kill('SIGKILL'), timeoutMs);
    const result = await this.exited;
    clearTimeout(timer);
    return result;
  }
}
