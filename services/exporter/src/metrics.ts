// exporter_* metrics: files and rows written per type, how far behind the feed the export is.
import type { ChangeFeedObserver } from '@marquee/change-feed-processor';
import { Counter, Gauge, type Registry } from 'prom-client';

export class ExporterMetrics {
  readonly filesWritten: Counter<'type'>;
  readonly rowsWritten: Counter<'type'>;
  readonly lastExportedEventTime: Gauge;
  readonly lagLsn: Gauge<'lease'>;
  readonly lagSeconds: Gauge<'lease'>;

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
