// Running totals of what has been sent, and the snapshot handed to progress displays.
import type { EventKind, GeneratedEvent } from '../generate/index.ts';

export interface SendProgress {
  sent: number;
  valid: number;
  invalid: number;
  duplicates: number;
  batches: number;
  retries: number;
  elapsedMs: number;
  /** The --count target, when there is one. */
  total?: number;
  /** The --duration target, when there is one. */
  durationMs?: number;
}

export interface SendTotals {
  sent: number;
  valid: number;
  invalid: number;
  duplicates: number;
  batches: number;
  retries: number;
  /** Events sent per kind, e.g. `{ valid: 950, duplicate: 30, 'invalid:bad-date': 2, … }`. */
  kinds: Partial<Record<EventKind, number>>;
}

export class Tally {
  readonly totals: SendTotals = {
    sent: 0,
    valid: 0,
    invalid: 0,
    duplicates: 0,
    batches: 0,
    retries: 0,
    kinds: {},
  };

  batchSent(events: readonly GeneratedEvent[]): void {
    const t = this.totals;
    t.batches++;
    for (const { kind } of events) {
      t.sent++;
      t.kinds[kind] = (t.kinds[kind] ?? 0) + 1;
      if (kind === 'valid') t.valid++;
      else if (kind === 'duplicate') t.duplicates++;
      else t.invalid++;
    }
  }

  retried(): void {
    this.totals.retries++;
  }

  snapshot(elapsedMs: number, target: { total?: number; durationMs?: number }): SendProgress {
    const { sent, valid, invalid, duplicates, batches, retries } = this.totals;
    return { sent, valid, invalid, duplicates, batches, retries, elapsedMs, ...target };
  }
}
