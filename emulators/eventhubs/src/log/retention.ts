// Retention rules, pure: given the events a partition holds (oldest first), how many of the oldest to drop.
// Like the service, retention only ever removes from the head, so the earliest available sequence number moves up.

export interface RetentionConfig {
  maxEventsPerPartition?: number;
  maxBytesPerPartition?: number;
  maxAgeMs?: number;
}

export interface RetainedEvents {
  count: number;
  bytes: number;
  /** Stored size of the i-th oldest event. */
  sizeAt(i: number): number;
  /** Enqueued time (ms) of the i-th oldest event. */
  timeAt(i: number): number;
}

export const DEFAULT_RETENTION: Required<RetentionConfig> = {
  maxEventsPerPartition: 1_000_000,
  maxBytesPerPartition: 128 * 1024 * 1024,
  // Microsoft's emulator keeps events for one hour.
  maxAgeMs: 60 * 60 * 1000,
};

export function resolveRetention(config: RetentionConfig | undefined): Required<RetentionConfig> {
  return {
    maxEventsPerPartition: config?.maxEventsPerPartition ?? DEFAULT_RETENTION.maxEventsPerPartition,
    maxBytesPerPartition: config?.maxBytesPerPartition ?? DEFAULT_RETENTION.maxBytesPerPartition,
    maxAgeMs: config?.maxAgeMs ?? DEFAULT_RETENTION.maxAgeMs,
  };
}

export function eventsToDrop(
  events: RetainedEvents,
  retention: Required<RetentionConfig>,
  nowMs: number,
): number {
  const oldestKept = nowMs - retention.maxAgeMs;
  let drop = 0;
  let bytes = events.bytes;
  while (
    drop < events.count &&
    (events.count - drop > retention.maxEventsPerPartition ||
      bytes > retention.maxBytesPerPartition ||
      events.timeAt(drop) < oldestKept)
  ) {
    bytes -= events.sizeAt(drop);
    drop++;
  }
  return drop;
}
