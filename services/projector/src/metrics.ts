// The projector's Prometheus metrics, and the adapter that turns the change feed processor's observer calls
// into them. Labels: `view` (top-movies, …) and, for lag, `lease`.
import type { ChangeFeedObserver } from '@marquee/change-feed-processor';
import type { ViewKind } from '@marquee/domain';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export class ProjectorMetrics {
  readonly eventsApplied: Counter<'view'>;
  readonly eventsSkipped: Counter<'view'>;
  readonly eventsQuarantined: Counter<'view'>;
  readonly viewWrites: Counter<'view' | 'result'>;
  readonly writeConflicts: Counter<'view'>;
  readonly batches: Counter<'view'>;
  readonly batchSeconds: Histogram<'view'>;
  readonly handlerFailures: Counter<'view'>;
  readonly lagLsn: Gauge<'view' | 'lease'>;
  readonly lagSeconds: Gauge<'view' | 'lease'>;
  readonly leasesOwned: Gauge<'view'>;
  readonly generation: Gauge<'view'>;
  readonly rebuilding: Gauge<'view'>;
  readonly catalogPulls: Counter<'reason'>;
  readonly leaseStuckSeconds: Gauge<'view' | 'lease'>;
  readonly leaseStalls: Counter<'view'>;
  readonly feedPages: Counter<'source'>;
  #leaseProgress: () => ReadonlyArray<{ view: ViewKind; lease: string; stalledMs: number }> = () => [];

  constructor(registry: Registry) {
    const registers = [registry];
    this.eventsApplied = new Counter({
      name: 'projector_events_applied_total',
      help: 'Order events folded into a view doc (each event counts once per doc it lands in)',
      labelNames: ['view'],
      registers,
    });
    this.eventsSkipped = new Counter({
      name: 'projector_events_skipped_total',
      help: 'Redelivered events a view doc already included (LSN at or below its recorded position)',
      labelNames: ['view'],
      registers,
    });
    this.eventsQuarantined = new Counter({
      name: 'projector_events_quarantined_total',
      help: 'Orders set aside instead of counted, once per deadletters record created (view="all": no view can count it)',
      labelNames: ['view'],
      registers,
    });
    this.viewWrites = new Counter({
      name: 'projector_view_writes_total',
      help: 'View doc writes, by result (created, replaced)',
      labelNames: ['view', 'result'],
      registers,
    });
    this.writeConflicts = new Counter({
      name: 'projector_write_conflicts_total',
      help: 'View doc writes retried after a 412 (ETag changed) or 409 (created meanwhile)',
      labelNames: ['view'],
      registers,
    });
    this.feedPages = new Counter({
      name: 'projector_feed_pages_total',
      help: 'Change feed pages handed to the views: source="store" read for them, "shared" read once for another view',
      labelNames: ['source'],
      registers,
    });
    this.batches = new Counter({
      name: 'projector_batches_total',
      help: 'Change feed batches handled',
      labelNames: ['view'],
      registers,
    });
    this.batchSeconds = new Histogram({
      name: 'projector_batch_duration_seconds',
      help: 'Time to apply one change feed batch to a view (all its doc writes)',
      labelNames: ['view'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
    this.handlerFailures = new Counter({
      name: 'projector_batch_failures_total',
      help: 'Batches whose handling failed (the processor retries them)',
      labelNames: ['view'],
      registers,
    });
    this.lagLsn = new Gauge({
      name: 'projector_lease_lag_lsn',
      help: 'Estimated unread LSNs per lease (0 when caught up)',
      labelNames: ['view', 'lease'],
      registers,
    });
    this.lagSeconds = new Gauge({
      name: 'projector_lease_lag_seconds',
      help: 'Age of the newest change delivered per lease, when delivered (0 when caught up)',
      labelNames: ['view', 'lease'],
      registers,
    });
    this.leasesOwned = new Gauge({
      name: 'projector_leases_owned',
      help: 'Leases this instance processes, per view',
      labelNames: ['view'],
      registers,
    });
    this.generation = new Gauge({
      name: 'projector_view_generation',
      help: 'Generation of each view this instance writes',
      labelNames: ['view'],
      registers,
    });
    this.rebuilding = new Gauge({
      name: 'projector_view_rebuilding',
      help: "1 while the view is being rebuilt into this release's document layout (its report answers 503), else 0",
      labelNames: ['view'],
      registers,
    });
    const progress = (): ReadonlyArray<{ view: ViewKind; lease: string; stalledMs: number }> =>
      this.#leaseProgress();
    this.leaseStuckSeconds = new Gauge({
      name: 'projector_lease_stuck_seconds',
      help: 'Per lease held here: seconds with work in hand and no progress (0 when idle or progressing)',
      labelNames: ['view', 'lease'],
      registers,
      collect() {
        this.reset();
        for (const l of progress()) this.set({ view: l.view, lease: l.lease }, l.stalledMs / 1000);
      },
    });
    this.leaseStalls = new Counter({
      name: 'projector_lease_stalls_total',
      help: 'Times a lease went past the stall threshold without progress',
      labelNames: ['view'],
      registers,
    });
    this.catalogPulls = new Counter({
      name: 'projector_catalog_pulls_total',
      help: 'Reads of the catalog change feed to its head, by reason (poll, unknown-product)',
      labelNames: ['reason'],
      registers,
    });
  }

  /** Where the stuck-seconds gauge reads its values when scraped (the projector's leases). */
  watchLeaseProgress(
    source: () => ReadonlyArray<{ view: ViewKind; lease: string; stalledMs: number }>,
  ): void {
    this.#leaseProgress = source;
  }

  /** Observer for one view's processor: lag per lease and ownership. */
  observerFor(view: ViewKind): ChangeFeedObserver {
    const lag = (lease: string, value: { lsn: number | undefined; ms: number | undefined }): void => {
      if (value.lsn !== undefined) this.lagLsn.set({ view, lease }, value.lsn);
      if (value.ms !== undefined) this.lagSeconds.set({ view, lease }, value.ms / 1000);
    };
    return {
      batchProcessed: (e) => lag(e.leaseToken, e.lag),
      idle: (e) => lag(e.leaseToken, e.lag),
      leaseAcquired: () => this.leasesOwned.inc({ view }),
      leaseReleased: (e) => {
        this.leasesOwned.dec({ view });
        this.lagLsn.remove({ view, lease: e.leaseToken });
        this.lagSeconds.remove({ view, lease: e.leaseToken });
      },
      leaseLost: () => this.leasesOwned.dec({ view }),
      handlerFailed: () => this.handlerFailures.inc({ view }),
      leaseStalled: () => this.leaseStalls.inc({ view }),
    };
  }
}
