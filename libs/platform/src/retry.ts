// Backoff for transient failures. Throttling (429) and transient service errors are retried, never dropped;
// the caller's AbortSignal is the only way out of an unbounded retry (a shutdown).

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
 * The error and the errors it wraps: the Cosmos SDK's bulk wraps the service's answer (429, 503, 404…) in
 * a plain `Error("Bulk request errored with: …", { cause })`, so the status is one level down.
 */
function causeChain(err: unknown): object[] {
  const chain: object[] = [];
  for (
    let e = err;
    typeof e === 'object' && e !== null && chain.length < 5;
    e = (e as { cause?: unknown }).cause
  )
    chain.push(e);
  return chain;
}

/** The HTTP status an SDK error (or an error it wraps) carries: `statusCode`, or a numeric `code`. */
export function statusOf(err: unknown): number | undefined {
  for (const e of causeChain(err) as { code?: unknown; statusCode?: unknown }[]) {
    if (typeof e.statusCode === 'number') return e.statusCode;
    if (typeof e.code === 'number') return e.code;
  }
  return undefined;
}

/** Throttled, timed out, or the service or network briefly unavailable: worth another try. */
export function isTransient(err: unknown): boolean {
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
  const e = err as { code?: unknown; name?: unknown } | null;
  if (e?.name === 'MarqueeError' && e.code === 'validation') return true;
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

export async function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) throw signal.reason;
  await new Promise<void>((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
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
      await sleep(delay, signal);
    }
  }
}
