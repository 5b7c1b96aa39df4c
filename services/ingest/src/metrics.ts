import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** Ingest's figures: what came in, what was stored, duplicates, dead letters, batch latency and lag. */
export class IngestMetrics {
  readonly eventsIn: Counter;
  readonly stored: Counter;
  readonly duplicates: Counter;
  readonly deadLettered: Counter;
  readonly retries: Counter;
  readonly batchSeconds: Histogram;
  readonly lag: Gauge<'partition'>;

  constructor(registry: Registry) {
    const registers = [registry];
    this.eventsIn = new Counter({
      name: 'ingest_events_in_total',
      help: 'Events received from Event Hubs',
      registers,
    });
    this.stored = new Counter({
      name: 'ingest_events_stored_total',
      help: 'Events appended to the event store',
      registers,
    });
    this.duplicates = new Counter({
      name: 'ingest_events_duplicate_total',
      help: 'Events already in the event store (same event id)',
      registers,
    });
    this.deadLettered = new Counter({
      name: 'ingest_events_dead_lettered_total',
      help: 'Events rejected and written to the dead-letter store',
      registers,
    });
    this.retries = new Counter({
      name: 'ingest_write_retries_total',
      help: 'Writes retried after throttling or a transient error',
      registers,
    });
    this.batchSeconds = new Histogram({
      name: 'ingest_batch_duration_seconds',
      help: 'Time to validate, store and checkpoint one batch',
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.lag = new Gauge({
      name: 'ingest_partition_lag_events',
      help: 'Events enqueued in a partition but not yet processed',
      labelNames: ['partition'],
      registers,
    });
  }
}
