import { spawn, type ChildProcess } from 'node:child_process';
import type { Logger } from 'pino';
import { waitForPort } from './ports.ts';

export interface ChildServiceSpec {
  name: string;
  command: string;
  args: string[];
  port: number;
  /** How long the child may take to accept connections. */
  startTimeoutMs?: number;
  env?: NodeJS.ProcessEnv;
  /** Called when the child exits after its start without having been asked to stop. */
  onUnexpectedExit?: (exit: UnexpectedExit) => void;
}

export interface UnexpectedExit {
  name: string;
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A server running as a child process: started, probed until its port answers, and stopped by signal. */
export class ChildService {
  readonly name: string;
  readonly port: number;
  #child: ChildProcess;
  #stopping = false;
  #exited: Promise<void>;
  #logger: Logger;

  private constructor(spec: ChildServiceSpec, child: ChildProcess, logger: Logger) {
    this.name = spec.name;
    this.port = spec.port;
    this.#child = child;
    this.#logger = logger;
    this.#exited = new Promise((resolve) => child.once('exit', () => resolve()));
  }

  static async start(spec: ChildServiceSpec, logger: Logger): Promise<ChildService> {
    const log = logger.child({ service: spec.name });
    const child = spawn(spec.command, spec.args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...spec.env },
    });
    const service = new ChildService(spec, child, log);
    // Keep the last lines of output: when a child dies at start, they say why.
    const tail: string[] = [];
    const keep = (chunk: Buffer): void => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line.trim() === '') continue;
        tail.push(line);
        if (tail.length > 20) tail.shift();
        log.debug({ line }, 'output');
      }
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    let started = false;
    const failedToSpawn = new Promise<never>((_, reject) => {
      child.once('error', (err) =>
        reject(new Error(`${spec.name}: cannot run ${spec.command}: ${err.message}`)),
      );
      child.once('exit', (code, signal) => {
        if (!started) {
          reject(new Error(`${spec.name} exited during start (${signal ?? code}):\n${tail.join('\n')}`));
        } else if (!service.#stopping) {
          log.error({ code, signal, output: tail.slice(-5) }, 'exited unexpectedly');
          spec.onUnexpectedExit?.({ name: spec.name, code, signal });
        }
      });
    });
    failedToSpawn.catch(() => undefined);
    try {
      await Promise.race([waitForPort(spec.port, spec.startTimeoutMs ?? 30_000), failedToSpawn]);
      started = true;
    } catch (err) {
      await service.stop();
      throw err;
    }
    log.info({ port: spec.port, pid: child.pid }, 'started');
    return service;
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  /** SIGTERM, then SIGKILL when the child has not exited within the grace period. */
  async stop(graceMs = 5_000): Promise<void> {
    this.#stopping = true;
    if (this.#child.exitCode !== null || this.#child.signalCode !== null) return;
    this.#child.kill('SIGTERM');
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), graceMs);
    await this.#exited;
    clearTimeout(timer);
    this.#logger.info('stopped');
  }
}
