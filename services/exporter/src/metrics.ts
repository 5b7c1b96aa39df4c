// exporter_* metrics: files and rows written per type, events set aside, how far behind the feed the export is
// and whether a lease is stuck.
import type { ChangeFeedObserver } from '@marquee/change-feed-processor';
import { Counter, Gauge, type Registry } from 'prom-client';

export class ExporterMetrics {
  readonly filesWritten: Counter<'type'>;
  readonly rowsWritten: Counter<'type'>;
  readonly lastExportedEventTime: Gauge;
  readonly lagLsn: Gauge<'lease'>;
  readonly lagSeconds: Gauge<'lease'>;
  readonly deadLettered: Counter<'reason'>;
  readonly leaseStuckSeconds: Gauge<'lease'>;
  #leases: () => ReadonlyArray<{ leaseToken: string; stalledMs: number }> = () => [];

  constructor(registry: Registry) {
    const registers = [registry];
    this.filesWritten = new Counter({
      name: 'exporter_files_written_total',
      help: 'Parquet files uploaded (a redelivered batch rewrites its files and counts them again)',
      labelNames: ['type'],
      registers,
    });
    this.rowsWritten = new Counter({
      name: 'exporter_rows_written_total',
      help: 'Events written into Parquet files',
      labelNames: ['type'],
      registers,
    });
    this.lastExportedEventTime = new Gauge({
      name: 'exporter_last_exported_event_timestamp_seconds',
      help: 'Event time (occurredAt) of the newest event exported',
      registers,
    });
    this.lagLsn = new Gauge({
      name: 'exporter_lag_lsn',
      help: 'Changes of the feed range not yet exported (from the change feed session token)',
      labelNames: ['lease'],
      registers,
    });
    this.lagSeconds = new Gauge({
      name: 'exporter_lag_seconds',
      help: 'Age of the newest exported change when it was exported (0 when caught up)',
      labelNames: ['lease'],
      registers,
    });
    this.deadLettered = new Counter({
      name: 'exporter_dead_letters_total',
      help: 'Events set aside instead of exported, by reason class (envelope, partition, encoding); each counted once',
      labelNames: ['reason'],
      registers,
    });
    const leases = (): ReadonlyArray<{ leaseToken: string; stalledMs: number }> => this.#leases();
    this.leaseStuckSeconds = new Gauge({
      name: 'exporter_lease_stuck_seconds',
      help: 'Per lease held here: seconds with work in hand and no progress (0 when idle or progressing)',
      labelNames: ['lease'],
      registers,
      collect() {
        this.reset();
        for (const l of leases()) this.set({ lease: l.leaseToken }, l.stalledMs / 1000);
      },
    });
  }

  /** Where the stuck-seconds gauge reads its values when scraped (the processor's leases). */
  watchLeases(source: () => ReadonlyArray<{ leaseToken: string; stalledMs: number }>): void {
    this.#leases = source;
  }

  /** Lag per lease from the processor's own estimate after every batch and idle poll. */
  observer(): ChangeFeedObserver {
    const set = (lease: string, lag: { lsn?: number | undefined; ms?: number | undefined }): void => {
      if (lag.lsn !== undefined) this.lagLsn.set({ lease }, lag.lsn);
      if (lag.ms !== undefined) this.lagSeconds.set({ lease }, lag.ms / 1000);
    };
    return {
      batchProcessed: (e) => set(e.leaseToken, e.lag),
      idle: (e) => set(e.leaseToken, e.lag),
    };
  }
}
