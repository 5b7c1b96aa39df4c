import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { PartitionReport } from './partition-progress.ts';

/** Ingest's figures: what came in, what was stored, duplicates, dead letters, batch latency, lag and stalls. */
export class IngestMetrics {
  readonly eventsIn: Counter;
  readonly stored: Counter;
  readonly duplicates: Counter;
  readonly deadLettered: Counter;
  readonly deadLettersByReason: Counter<'reason'>;
  readonly deadLettersLost: Counter;
  readonly deadLetterBodiesOffloaded: Counter;
  readonly deadLetterBodiesLost: Counter;
  readonly retries: Counter;
  readonly batchSeconds: Histogram;
  readonly checkpoints: Counter;
  readonly lag: Gauge<'partition'>;
  readonly stuckSeconds: Gauge<'partition'>;
  readonly balancingRestarts: Counter<'hub'>;
  readonly balancingStalledSeconds: Gauge<'hub'>;

  /**
   * `progress` and `balancing` are read at each scrape, so a stall shows even while no batch completes.
   * `balancing`: per hub, how long the SDK's load balancing has gone without renewing our ownership.
   */
  constructor(
    registry: Registry,
    progress: () => PartitionReport[] = () => [],
    balancing: () => { hub: string; stalledMs: number }[] = () => [],
  ) {
    const registers = [registry];
    const counter = (name: string, help: string): Counter => new Counter({ name, help, registers });
    this.eventsIn = counter('ingest_events_in_total', 'Events received from Event Hubs');
    this.stored = counter('ingest_events_stored_total', 'Events appended to the event store');
    this.duplicates = counter(
      'ingest_events_duplicate_total',
      'Events already in the event store (same event id)',
    );
    this.deadLettered = counter(
      'ingest_events_dead_lettered_total',
      'Events rejected and written to the dead-letter store',
    );
    this.deadLettersByReason = new Counter({
      name: 'ingest_dead_letters_total',
      help: 'Dead letters by reason group (the first reason, line numbers taken out)',
      labelNames: ['reason'],
      registers,
    });
    this.deadLettersLost = counter(
      'ingest_dead_letters_lost_total',
      'Dead letters the store refused even without their body: only the error log names them',
    );
    this.deadLetterBodiesOffloaded = counter(
      'ingest_dead_letter_bodies_offloaded_total',
      'Dead-letter bodies too large for a record, stored in Blob storage instead',
    );
    this.deadLetterBodiesLost = counter(
      'ingest_dead_letter_bodies_lost_total',
      'Dead-letter bodies Blob storage refused for good: the record says so and keeps the position',
    );
    this.retries = counter(
      'ingest_write_retries_total',
      'Writes retried after throttling or a transient error',
    );
    this.checkpoints = counter(
      'ingest_checkpoints_total',
      'Partition checkpoints written (at most one a second per busy partition)',
    );
    this.batchSeconds = new Histogram({
      name: 'ingest_batch_duration_seconds',
      help: 'Time to validate and store one batch, and checkpoint it when one is due',
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.lag = new Gauge({
      name: 'ingest_partition_lag_events',
      help: 'Events enqueued in a partition and not yet checkpointed',
      labelNames: ['partition'],
      registers,
      collect() {
        this.reset(); // a partition another replica took over is no longer ours to report
        for (const p of progress()) this.set({ partition: p.partitionId }, p.lag);
      },
    });
    this.stuckSeconds = new Gauge({
      name: 'ingest_partition_stuck_seconds',
      help: 'Seconds a partition with events pending has gone without a checkpoint (0 when it keeps up)',
      labelNames: ['partition'],
      registers,
      collect() {
        this.reset(); // a partition another replica took over is no longer ours to report
        for (const p of progress()) this.set({ partition: p.partitionId }, p.stuckMs / 1000);
      },
    });
    this.balancingRestarts = new Counter({
      name: 'ingest_balancing_restarts_total',
      help: 'Subscriptions restarted because the SDK load balancing stopped renewing ownership',
      labelNames: ['hub'],
      registers,
    });
    this.balancingStalledSeconds = new Gauge({
      name: 'ingest_balancing_stalled_seconds',
      help: 'Seconds since the SDK load balancing last renewed an ownership of ours (0 while it does)',
      labelNames: ['hub'],
      registers,
      collect() {
        for (const b of balancing()) this.set({ hub: b.hub }, b.stalledMs / 1000);
      },
    });
  }
}
