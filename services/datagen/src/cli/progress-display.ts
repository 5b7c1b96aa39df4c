// Writes progress to stdout: on a terminal one line redrawn in place, otherwise a plain line every few seconds
// (a redrawn line would fill a log file with carriage returns). Logs go to stderr, so the two never mix.
import type { SendOrdersResult, SendProgress } from '../send/index.ts';
import { plainLine, RateMeter, summaryLine, ttyLine } from './progress-format.ts';

export interface ProgressDisplayOptions {
  tty: boolean;
  /** Terminal width; default 100. */
  columns?: () => number | undefined;
  /** Between plain lines; default 5 s. */
  plainIntervalMs?: number;
  /** Least time between two redraws of the TTY line; default 100 ms. */
  redrawMs?: number;
  total?: number;
  durationMs?: number;
}

export class ProgressDisplay {
  readonly #write: (text: string) => void;
  readonly #options: ProgressDisplayOptions;
  readonly #meter = new RateMeter();
  readonly #startMs = performance.now();
  readonly #timer: NodeJS.Timeout;
  #latest: SendProgress;
  #lastDrawMs = -Infinity;

  constructor(write: (text: string) => void, options: ProgressDisplayOptions) {
    this.#write = write;
    this.#options = options;
    const target = { total: options.total, durationMs: options.durationMs };
    this.#latest = {
      sent: 0,
      valid: 0,
      invalid: 0,
      duplicates: 0,
      batches: 0,
      retries: 0,
      elapsedMs: 0,
      ...target,
    };
    this.#meter.add(this.#startMs, 0);
    // The timer also keeps elapsed time and ETA moving while nothing is sent (throttled or retrying).
    const every = options.tty ? 500 : (options.plainIntervalMs ?? 5_000);
    this.#timer = setInterval(() => this.#tick(), every);
    this.#timer.unref();
  }

  update(progress: SendProgress): void {
    const now = performance.now();
    this.#latest = progress;
    this.#meter.add(now, progress.sent);
    if (this.#options.tty && now - this.#lastDrawMs >= (this.#options.redrawMs ?? 100)) this.#draw(now);
  }

  #tick(): void {
    const now = performance.now();
    this.#latest = { ...this.#latest, elapsedMs: now - this.#startMs };
    if (this.#options.tty) this.#draw(now);
    else this.#write(`${plainLine(this.#latest, this.#meter.rate(now))}\n`);
  }

  #draw(now: number): void {
    this.#lastDrawMs = now;
    const columns = this.#options.columns?.() ?? 100;
    this.#write(`\r${ttyLine(this.#latest, this.#meter.rate(now), columns)}\x1b[K`);
  }

  /** Stops redrawing and clears the TTY line. */
  stop(): void {
    clearInterval(this.#timer);
    if (this.#options.tty) this.#write('\r\x1b[K');
  }

  finish(result: SendOrdersResult): void {
    this.stop();
    this.#write(`${summaryLine(result)}\n`);
  }
}
