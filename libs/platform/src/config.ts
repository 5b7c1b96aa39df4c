import { ConfigError } from './errors.ts';

export type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads settings from an environment object, collecting every problem instead of stopping at the first, so
 * a service that fails at start names all the settings to fix. Pure: the caller passes `process.env`.
 */
export class EnvReader {
  readonly #env: Env;
  readonly problems: string[] = [];

  constructor(env: Env) {
    this.#env = env;
  }

  #raw(name: string): string | undefined {
    const value = this.#env[name]?.trim();
    return value === '' ? undefined : value;
  }

  /** A string, or the default; without a default the setting is required. */
  string(name: string, fallback?: string): string {
    const value = this.#raw(name) ?? fallback;
    if (value === undefined) {
      this.problems.push(`${name} is required`);
      return '';
    }
    return value;
  }

  optional(name: string): string | undefined {
    return this.#raw(name);
  }

  /** A comma-separated list, trimmed, empty entries dropped; the default when unset. Duplicates are a problem. */
  list(name: string, fallback: readonly string[] = []): string[] {
    const raw = this.#raw(name);
    if (raw === undefined) return [...fallback];
    const items = raw
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== '');
    const twice = items.filter((item, i) => items.indexOf(item) !== i);
    if (twice.length > 0)
      this.problems.push(`${name} names ${[...new Set(twice)].join(', ')} more than once`);
    return items;
  }

  int(name: string, fallback: number, range: { min?: number; max?: number } = {}): number {
    const raw = this.#raw(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    const { min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER } = range;
    if (!Number.isInteger(value) || value < min || value > max) {
      this.problems.push(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
      return fallback;
    }
    return value;
  }

  bool(name: string, fallback: boolean): boolean {
    const raw = this.#raw(name)?.toLowerCase();
    if (raw === undefined) return fallback;
    if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
    if (['0', 'false', 'no', 'off'].includes(raw)) return false;
    this.problems.push(`${name} must be true or false, got "${raw}"`);
    return fallback;
  }

  oneOf<const T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const raw = this.#raw(name);
    if (raw === undefined) return fallback;
    if (!(allowed as readonly string[]).includes(raw)) {
      this.problems.push(`${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
      return fallback;
    }
    return raw as T;
  }

  /** Exactly one of two ways to reach a resource, e.g. a connection string or an endpoint (then Entra ID). */
  either(first: string, second: string, fallbackFirst?: string): { name: string; value: string } {
    const a = this.#raw(first);
    const b = this.#raw(second);
    if (a !== undefined && b !== undefined) {
      this.problems.push(`set ${first} or ${second}, not both`);
    }
    if (a !== undefined) return { name: first, value: a };
    if (b !== undefined) return { name: second, value: b };
    if (fallbackFirst !== undefined) return { name: first, value: fallbackFirst };
    this.problems.push(`${first} or ${second} is required`);
    return { name: first, value: '' };
  }

  /** Throws one ConfigError naming every problem found, if any. */
  done(): void {
    if (this.problems.length > 0) throw new ConfigError(this.problems);
  }
}

/** Parses config once: `loadConfig(process.env, (env) => ({ port: env.int('PORT', 8080) }))`. */
export function loadConfig<T>(env: Env, read: (reader: EnvReader) => T): T {
  const reader = new EnvReader(env);
  const config = read(reader);
  reader.done();
  return config;
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * For a composition root: the parsed config, or a message naming every problem on stderr and exit code 2.
 * Anything other than a configuration problem is a bug and is rethrown.
 */
export function loadConfigOrExit<T>(service: string, load: () => T): T {
  try {
    return load();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`${service}: ${err.message}\n`);
    process.exit(2);
  }
}
