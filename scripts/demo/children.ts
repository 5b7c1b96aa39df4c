// The demo's processes. Each service runs in its own process group, so a Ctrl-C reaches the demo only and the
// demo stops them in order, each with a deadline. Their output comes through pipes into Output: a child never
// writes to the terminal or to a pipe that may break, so a dead `tee` cannot block one.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Output } from './output.ts';

export interface SpawnSpec {
  name: string;
  args: string[];
  env: Record<string, string>;
  /** Give the child the terminal's stdout (datagen's progress bar). */
  inheritStdout?: boolean;
  /** Show every line it writes, not only warnings and errors. */
  loud?: boolean;
}

export class Children {
  readonly #output: Output;
  readonly #running = new Map<ChildProcess, string>();
  #stopping = false;

  constructor(output: Output) {
    this.#output = output;
    // Whatever ends the demo (an error included), no child outlives it.
    process.once('exit', () => {
      for (const child of this.#running.keys()) this.#signal(child, 'SIGKILL');
    });
  }

  get stopping(): boolean {
    return this.#stopping;
  }

  start(
    spec: SpawnSpec,
    onExit?: (code: number | null, signal: NodeJS.Signals | null) => void,
  ): ChildProcess {
    const child = spawn(process.execPath, spec.args, {
      env: { ...process.env, ...spec.env },
      stdio: ['ignore', spec.inheritStdout ? 'inherit' : 'pipe', 'pipe'],
      detached: true,
    });
    this.#running.set(child, spec.name);
    for (const stream of [child.stdout, child.stderr]) {
      if (stream)
        createInterface({ input: stream }).on('line', (line) =>
          this.#output.line(spec.name, line, { always: spec.loud }),
        );
    }
    child.once('exit', (code, signal) => {
      this.#running.delete(child);
      onExit?.(code, signal);
    });
    return child;
  }

  /** Resolves with the exit code (or 1 after a signal) once the child ends. */
  static exited(child: ChildProcess): Promise<number> {
    if (child.exitCode !== null) return Promise.resolve(child.exitCode);
    if (child.signalCode !== null) return Promise.resolve(1);
    return new Promise((resolve) => child.once('exit', (code) => resolve(code ?? 1)));
  }

  /**
   * SIGTERM to each, SIGKILL at the deadline. `first` (datagen) stops before the rest, with a short deadline:
   * no order goes into a stopping pipeline, and a sender whose hub is gone gives up at once.
   */
  async stopAll(graceMs: number, first?: ChildProcess): Promise<void> {
    this.#stopping = true;
    if (first && this.#running.has(first))
      await Children.#stop(first, Math.min(graceMs, 2_000), this.#signal);
    await Promise.all([...this.#running.keys()].map((child) => Children.#stop(child, graceMs, this.#signal)));
  }

  static async #stop(
    child: ChildProcess,
    graceMs: number,
    signal: (child: ChildProcess, name: NodeJS.Signals) => void,
  ): Promise<void> {
    const done = Children.exited(child);
    signal(child, 'SIGTERM');
    const timer = setTimeout(() => signal(child, 'SIGKILL'), graceMs);
    await done;
    clearTimeout(timer);
  }

  /** To the child's whole process group: a service that started helpers takes them along. */
  #signal = (child: ChildProcess, name: NodeJS.Signals): void => {
    if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-child.pid, name);
    } catch {
      // Gone meanwhile.
    }
  };
}
