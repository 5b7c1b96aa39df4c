// Capped exponential backoff with jitter, and a pause that an AbortSignal cuts short.
import { setTimeout as sleep } from 'node:timers/promises';

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

/**
 * Resolves after `ms`, or early (without throwing) when `signal` aborts: the loops that wait here check their
 * own stop flag next. Node's abort-aware timer is the one sleep used throughout; this only turns its abort
 * rejection into an early return.
 */
export function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return sleep(Math.max(0, ms), undefined, signal ? { signal } : {}).catch(() => undefined);
}
