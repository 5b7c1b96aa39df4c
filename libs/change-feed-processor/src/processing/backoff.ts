// Capped exponential backoff with jitter, and a sleep that an AbortSignal cuts short.

export interface BackoffPolicy {
  readonly initialMs: number;
  readonly maxMs: number;
  readonly factor: number;
}

/**
 * Delay before retry number `attempt` (1 = first retry): initial * factor^(attempt-1), capped, then scaled by
 * `jitter` in [0.5, 1] so that many failing ranges do not retry in lockstep. Pure: pass the random draw in.
 */
export function backoffDelay(policy: BackoffPolicy, attempt: number, random: number): number {
  const exp = policy.initialMs * policy.factor ** Math.max(0, attempt - 1);
  const capped = Math.min(policy.maxMs, exp);
  return Math.round(capped * (0.5 + 0.5 * Math.min(1, Math.max(0, random))));
}

/** Resolves after `ms`, or early (without throwing) when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted === true || ms <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
