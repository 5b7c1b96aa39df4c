// Where every process's log lines go. On a terminal, colourised human lines (pino-pretty); otherwise the JSON
// lines as they are, for tools. Quiet by default: the demo's own lines, warnings and errors; --verbose shows
// all. A broken stdout (`pnpm start | tee x` after tee died) never stops the demo: writes are dropped.
import { prettyFactory } from 'pino-pretty';

const WARN = 40;

export interface OutputOptions {
  tty: boolean;
  verbose: boolean;
}

export class Output {
  readonly #verbose: boolean;
  readonly #pretty: ((line: string) => string) | undefined;
  readonly #stream: NodeJS.WriteStream;
  #broken = false;

  constructor(stream: NodeJS.WriteStream, options: OutputOptions) {
    this.#stream = stream;
    this.#verbose = options.verbose;
    this.#pretty = options.tty
      ? prettyFactory({
          colorize: true,
          translateTime: 'SYS:HH:MM:ss',
          ignore: 'pid,hostname,component,service',
          messageFormat: '{if service}{service}: {end}{msg}',
          singleLine: true,
        })
      : undefined;
    stream.on('error', () => {
      this.#broken = true;
    });
  }

  get tty(): boolean {
    return this.#pretty !== undefined;
  }

  /** One line a process wrote; `service` names it when the line itself does not. */
  line(service: string, raw: string, options: { always?: boolean } = {}): void {
    if (raw.trim() === '') return;
    let entry: Record<string, unknown> | undefined;
    try {
      const parsed: unknown = JSON.parse(raw);
      if (parsed !== null && typeof parsed === 'object') entry = parsed as Record<string, unknown>;
    } catch {
      // Not a log line (datagen's progress, an emulator's banner): shown only with --verbose.
    }
    const level = typeof entry?.level === 'number' ? entry.level : 30;
    if (!options.always && !this.#verbose && level < WARN) return;
    const record = { service, ...(entry ?? { level, time: Date.now(), msg: raw }) };
    this.write(this.#pretty ? this.#pretty(JSON.stringify(record)) : `${JSON.stringify(record)}\n`);
  }

  /** Text as it is (the banner, a progress line). */
  write(text: string): void {
    if (this.#broken) return;
    try {
      this.#stream.write(text);
    } catch {
      this.#broken = true;
    }
  }
}
