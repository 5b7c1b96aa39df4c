// Backoff for transient failures. Throttling (429) and transient service errors are retried, never dropped;
// the caller's AbortSignal is the only way out of an unbounded retry (a shutdown).
import { setTimeout as sleep } from 'node:timers/promises';
import { causeChain, statusOf } from './cosmos-status.ts';
import { ConcurrencyError, isMarqueeError } from './errors.ts';

export interface RetryOptions {
  /** Attempts after the first; Infinity retries until it succeeds or the signal aborts. */
  retries?: number;
  baseMs?: number;
  maxMs?: number;
  isRetryable?: (err: unknown) => boolean;
  signal?: AbortSignal;
  onRetry?: (err: unknown, attempt: number, delayMs: number) => void;
  /** Jitter source; injectable so tests are deterministic. */
  random?: () => number;
}

const TRANSIENT_STATUS = new Set([408, 410, 429, 449, 500, 502, 503, 504]);
const TRANSIENT_NETWORK = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENOTFOUND',
]);

/**
 * Throttled, timed out, the service or network briefly unavailable, or a guarded write that lost a race
 * (ConcurrencyError): worth another try.
 */
export function isTransient(err: unknown): boolean {
  if (err instanceof ConcurrencyError) return true;
  const status = statusOf(err);
  if (status !== undefined) return TRANSIENT_STATUS.has(status);
  return (causeChain(err) as { code?: unknown; name?: unknown }[]).some(
    (e) => (typeof e.code === 'string' && TRANSIENT_NETWORK.has(e.code)) || e.name === 'TimeoutError',
  );
}

const PERMANENT_STATUS = new Set([400, 413]);

/**
 * Will fail the same way on every retry: a bug or bad data met while processing (TypeError, RangeError,
 * SyntaxError), a payload the store refuses (400, 413), or one of our validation errors. Such work is set
 * aside with its reason instead of retried. Anything else (the network, throttling, a service down,
 * errors we do not know) is treated as transient: retrying a permanent failure stalls, dropping a transient
 * one loses data, and a stall is the one that health checks report.
 */
export function isPermanentFailure(err: unknown): boolean {
  if (err instanceof TypeError || err instanceof RangeError || err instanceof SyntaxError) return true;
  if (isMarqueeError(err) && err.code === 'validation') return true;
  const status = statusOf(err);
  return status !== undefined && PERMANENT_STATUS.has(status);
}

/** The service's own hint (Cosmos `retryAfterInMs`), when it gave one. */
function retryAfterMs(err: unknown): number | undefined {
  const hint = (err as { retryAfterInMs?: unknown } | null)?.retryAfterInMs;
  return typeof hint === 'number' && hint > 0 ? hint : undefined;
}

export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random: () => number): number {
  const exp = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 30));
  return Math.round(exp / 2 + (random() * exp) / 2);
}

export async function retry<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const {
    retries = 5,
    baseMs = 100,
    maxMs = 10_000,
    isRetryable = isTransient,
    signal,
    onRetry,
    random = Math.random,
  } = options;
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (err) {
      if (attempt >= retries || !isRetryable(err) || signal?.aborted) throw err;
      const delay = retryAfterMs(err) ?? backoffDelay(attempt, baseMs, maxMs, random);
      onRetry?.(err, attempt + 1, delay);
      await sleep(delay, undefined, { signal });
    }
  }
}
