import type { Logger } from 'pino';
import { flushLogs } from './logger.ts';

export interface Closeable {
  close(): Promise<void>;
}

/**
 * Owns the order of shutdown. Parts are added in start order and closed in reverse, so a consumer drains and
 * checkpoints before the clients it uses are closed. Shutdown runs once, within a grace period.
 */
export class ServiceLifecycle {
  readonly #logger: Logger;
  readonly #graceMs: number;
  readonly #parts: { name: string; part: Closeable }[] = [];
  #shutdown: Promise<void> | undefined;
  #started = false;

  constructor(logger: Logger, options: { graceMs?: number } = {}) {
    this.#logger = logger;
    this.#graceMs = options.graceMs ?? 25_000;
  }

  add<T extends Closeable>(name: string, part: T): T {
    this.#parts.push({ name, part });
    return part;
  }

  /**
   * The service is up (main.ts calls it last). Until then a crash is a failed start (a store or a checkpoint
   * container unreachable after the SDK's retries, say), and the log says so rather than "uncaught exception".
   */
  started(): void {
    this.#started = true;
  }

  get stopping(): boolean {
    return this.#shutdown !== undefined;
  }

  /** Closes every part in reverse order. Resolves true when all closed within the grace period. */
  async shutdown(reason: string): Promise<boolean> {
    this.#shutdown ??= this.#closeAll(reason);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), this.#graceMs);
    });
    const ok = await Promise.race([this.#shutdown.then(() => true as const), timedOut]);
    clearTimeout(timer);
    if (!ok) this.#logger.error({ graceMs: this.#graceMs }, 'shutdown exceeded its grace period');
    return ok;
  }

  async #closeAll(reason: string): Promise<void> {
    this.#logger.info({ reason }, 'shutting down');
    for (const { name, part } of [...this.#parts].reverse()) {
      try {
        await part.close();
        this.#logger.debug({ part: name }, 'closed');
      } catch (err) {
        this.#logger.error({ err, part: name }, 'close failed');
      }
    }
    this.#logger.info('shut down');
  }

  /** SIGTERM / SIGINT drain and exit 0; a crash logs, drains what it can and exits 1. */
  handleSignals(proc: NodeJS.Process = process): void {
    // Logs get a last second to go out; a stdout nobody reads cannot keep the process alive past that.
    const exit = (code: number): void => void flushLogs(1_000).finally(() => proc.exit(code));
    const exitAfter = (reason: string, code: number): void => {
      this.shutdown(reason).then(
        (ok) => exit(ok ? code : 1),
        () => exit(1),
      );
    };
    proc.once('SIGTERM', () => exitAfter('SIGTERM', 0));
    proc.once('SIGINT', () => exitAfter('SIGINT', 0));
    // A top-level await of main.ts that rejects arrives here as an uncaught exception.
    proc.on('uncaughtException', (err) => {
      this.#logger.fatal({ err }, this.#started ? 'uncaught exception' : 'could not start');
      exitAfter('uncaughtException', 1);
    });
    proc.on('unhandledRejection', (err) => {
      this.#logger.fatal({ err }, this.#started ? 'unhandled rejection' : 'could not start');
      exitAfter('unhandledRejection', 1);
    });
  }
}
