// The pacing loop: take tokens, generate that many events, hand full batches to the sink at once and partly
// filled ones at every tick. Everything it touches comes in as an argument (clock, sleep, sink), so the unit
// tests drive it with a fake clock and an in-memory sink.
import type { OrderGenerator } from '../generate/index.ts';
import { KeyedBuffers } from './keyed-buffers.ts';
import type { PendingGroup } from './keyed-buffers.ts';
import { TokenBucket } from './token-bucket.ts';

/** How long a partly filled batch may wait for more events before it is sent anyway. */
export const TICK_MS = 100;

export interface SendLoopOptions {
  generator: Pick<OrderGenerator, 'next'>;
  /** Sends one group; resolves once every event of it has been accepted by the service. */
  sink: (group: PendingGroup) => Promise<void>;
  batchSize: number;
  /** Events per second; 0 sends as fast as the sink accepts them. */
  rate: number;
  /** Stop after this many events. */
  count?: number;
  /** Stop once this much time has passed. */
  durationMs?: number;
  tickMs?: number;
  /** Monotonic milliseconds. */
  nowMs: () => number;
  /** Resolves after `ms`, or rejects early when `signal` aborts. */
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Aborting stops generating; what was generated is still sent before the loop returns. */
  stop: AbortSignal;
}

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Runs until count, duration or `stop`; returns the number of events generated (all of them sent). */
export async function runSendLoop(options: SendLoopOptions): Promise<number> {
  const { generator, sink, batchSize, rate, count, durationMs, nowMs, sleep, stop } = options;
  const tickMs = options.tickMs ?? TICK_MS;
  const startMs = nowMs();
  const deadline = durationMs === undefined ? Infinity : startMs + durationMs;
  // One second of tokens (at least one batch) may pile up: a stall shorter than that is caught up in full.
  const bucket =
    rate > 0
      ? new TokenBucket({ ratePerSecond: rate, capacity: Math.max(batchSize, rate), nowMs: startMs })
      : null;
  const buffers = new KeyedBuffers(batchSize);
  let generated = 0;
  let nextTick = startMs + tickMs;

  const remaining = (): number => (count === undefined ? Infinity : count - generated);
  const flush = async (): Promise<void> => {
    for (const group of buffers.drain()) await sink(group);
  };

  while (!stop.aborted && remaining() > 0) {
    const want = Math.min(batchSize, remaining());
    const roundStart = nowMs();
    const timeUp = roundStart >= deadline;
    // Timers fire late: the last round still takes the tokens earned up to the deadline, so a paced run of
    // d seconds sends rate × d events.
    const granted = bucket !== null ? bucket.take(want, Math.min(roundStart, deadline)) : timeUp ? 0 : want;
    for (let i = 0; i < granted; i++) {
      const full = buffers.add(generator.next());
      generated++;
      if (full !== undefined) await sink(full);
    }
    if (timeUp) break;
    const now = nowMs();
    if (now >= nextTick) {
      await flush();
      // Ticks stay on a fixed grid, but a long send does not leave a queue of overdue ticks behind it.
      nextTick = Math.max(nextTick + tickMs, now);
    }
    if (bucket !== null && granted < want) {
      const wait = Math.min(bucket.msUntil(want, now), nextTick - now, deadline - now);
      try {
        await sleep(Math.max(1, wait), stop);
      } catch {
        break; // stopped while waiting
      }
    } else {
      // A round may send nothing (keyed batches still filling): let signals, timers and progress in.
      await yieldToEventLoop();
    }
  }
  await flush();
  return generated;
}
