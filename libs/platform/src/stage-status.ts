// The pipeline's own read model of its health. The api runs in other pods than the workers and cannot read
// their memory, so each worker instance upserts one small document about itself into the `status` container
// every few seconds: its stage, and for each unit of work it owns (an Event Hubs partition, a change feed lease)
// the lag, how long it has been stuck and when it last made progress. The document carries a TTL, so an
// instance that dies vanishes by itself; one that stops cleanly deletes its document.
import type { Container } from '@azure/cosmos';
import type { Logger } from 'pino';
import { hasStatus } from './cosmos-status.ts';

/** The stages the dashboard knows, in pipeline order; others are shown after them. */
export const PIPELINE_STAGES = ['ingest', 'projector', 'cache-sync', 'exporter'] as const;

/** One unit of work an instance owns and how it is doing. */
export interface UnitStatus {
  /** Partition id or lease token. */
  unit: string;
  /** What the unit belongs to, when a stage runs several feeds (the projector's view). */
  group?: string;
  /** Work not yet done, in `lagUnit`s (events behind the checkpoint; LSNs behind the feed's head). */
  lag: number | null;
  lagUnit: 'events' | 'lsn';
  /** Age of the newest change handled, when known (change feed stages). */
  lagSeconds: number | null;
  /** With work in hand and no progress for this long; 0 when idle or progressing. */
  stuckSeconds: number;
  /** Past the instance's own threshold (STUCK_AFTER_MS / STALL_THRESHOLD_MS): /readyz is degraded too. */
  stalled: boolean;
  lastProgressAt: string | null;
}

export interface StageStatusDoc {
  id: string;
  kind: 'stage-status';
  stage: string;
  instance: string;
  updatedAt: string;
  /** How often the instance rewrites it: readers treat a document older than 3 intervals as gone. */
  intervalMs: number;
  /** Seconds (Cosmos TTL): the document expires when its instance stops writing it. */
  ttl: number;
  units: UnitStatus[];
}

export const stageStatusId = (stage: string, instance: string): string => `${stage}.${instance}`;

/** A document whose instance still writes it (TTL sweeps are not instant, and a container may lack TTL). */
export function isCurrentStatus(doc: StageStatusDoc, nowMs: number): boolean {
  return nowMs - Date.parse(doc.updatedAt) <= 3 * doc.intervalMs;
}

export interface StageStatusReporterOptions {
  container: Container;
  stage: string;
  instance: string;
  /** What the instance owns right now. */
  units: () => UnitStatus[];
  intervalMs?: number;
  logger: Logger;
  now?: () => number;
}

/** Writes an instance's status document every `intervalMs` until closed; a failed write is logged and retried. */
export class StageStatusReporter {
  readonly #o: StageStatusReporterOptions;
  readonly #intervalMs: number;
  #timer: NodeJS.Timeout | undefined;
  #writing: Promise<void> | undefined;
  #failures = 0;

  constructor(options: StageStatusReporterOptions) {
    this.#o = options;
    this.#intervalMs = options.intervalMs ?? 5_000;
  }

  get id(): string {
    return stageStatusId(this.#o.stage, this.#o.instance);
  }

  start(): void {
    this.#tick();
    this.#timer = setInterval(() => this.#tick(), this.#intervalMs);
    this.#timer.unref();
  }

  /** Writes the document now (tests, and start()). */
  async writeNow(): Promise<void> {
    const now = (this.#o.now ?? Date.now)();
    const doc: StageStatusDoc = {
      id: this.id,
      kind: 'stage-status',
      stage: this.#o.stage,
      instance: this.#o.instance,
      updatedAt: new Date(now).toISOString(),
      intervalMs: this.#intervalMs,
      ttl: Math.ceil((3 * this.#intervalMs) / 1000),
      units: this.#o.units(),
    };
    await this.#o.container.items.upsert(doc);
  }

  /** Stops writing and deletes the document: a clean stop leaves nothing stale behind. */
  async close(): Promise<void> {
    clearInterval(this.#timer);
    await this.#writing;
    try {
      await this.#o.container.item(this.id, this.id).delete();
    } catch (err) {
      if (!hasStatus(err, 404)) this.#o.logger.warn({ err }, 'could not delete the stage status document');
    }
  }

  #tick(): void {
    if (this.#writing !== undefined) return; // a slow store: never pile writes up
    this.#writing = this.writeNow()
      .then(
        () => {
          this.#failures = 0;
        },
        (err: unknown) => {
          // Best effort: status never stops the work it describes. Logged once per run of failures.
          if (this.#failures++ === 0)
            this.#o.logger.warn({ err }, 'could not write the stage status document');
        },
      )
      .finally(() => {
        this.#writing = undefined;
      });
  }
}

/** What a change feed processor reports per owned lease (structurally, LeaseStatus of the processor lib). */
export interface LeaseLike {
  leaseToken: string;
  lag: { lsn: number | undefined; ms: number | undefined };
  stalledMs: number;
  stalled: boolean;
  lastBatchAt: number | undefined;
  lastCheckpointAt: number | undefined;
}

/** A change feed stage's units: one per owned lease, under `group` (e.g. the projector's view). */
export function leaseUnits(leases: readonly LeaseLike[], group?: string): UnitStatus[] {
  return leases.map((l) => {
    const progressAt = Math.max(l.lastBatchAt ?? 0, l.lastCheckpointAt ?? 0);
    return {
      unit: l.leaseToken,
      ...(group === undefined ? {} : { group }),
      lag: l.lag.lsn ?? null,
      lagUnit: 'lsn' as const,
      lagSeconds: l.lag.ms === undefined ? null : Math.round(l.lag.ms / 100) / 10,
      stuckSeconds: Math.round(l.stalledMs / 1000),
      stalled: l.stalled,
      lastProgressAt: progressAt > 0 ? new Date(progressAt).toISOString() : null,
    };
  });
}
