// Reads the pipeline's health for /api/pipeline: the workers' status documents (one small document per live
// instance, `status` container) and the arrival times of the dead letters of the last hour at most
// (`deadletters`, a bounded query on an indexed time). The report is kept for `cacheMs`, so however many
// dashboards poll, the store sees about one pair of queries per window size every `cacheMs`.
import type { Container } from '@azure/cosmos';
import { hasStatus, type StageStatusDoc } from '@marquee/platform';
import type { PipelineReport } from '../schemas/pipeline.ts';
import { perMinute, stagesOf, windowStart } from './pipeline-report.ts';

/** Dead letters counted per request at most; past it the counts are a floor (`capped`). */
export const DEAD_LETTER_CAP = 20_000;

export interface PipelineStatusOptions {
  status: Container;
  deadletters: Container;
  now: () => Date;
  cacheMs?: number;
}

export class PipelineStatus {
  readonly #o: PipelineStatusOptions;
  readonly #cache = new Map<number, { at: number; report: Promise<PipelineReport> }>();

  constructor(options: PipelineStatusOptions) {
    this.#o = options;
  }

  report(minutes: number): Promise<PipelineReport> {
    const now = this.#o.now().getTime();
    const cached = this.#cache.get(minutes);
    if (cached !== undefined && now - cached.at < (this.#o.cacheMs ?? 2_000)) return cached.report;
    const report = this.#build(minutes, now);
    this.#cache.set(minutes, { at: now, report });
    report.catch(() => this.#cache.delete(minutes)); // a failure is not kept
    return report;
  }

  async #build(minutes: number, nowMs: number): Promise<PipelineReport> {
    // A container nobody created yet (no worker has started against this store) reads as empty.
    const [docs, arrivals] = await Promise.all([
      orEmpty(this.#statusDocs()),
      orEmpty(this.#deadLetterArrivals(minutes, nowMs)),
    ]);
    return {
      generatedAt: new Date(nowMs).toISOString(),
      stages: stagesOf(docs, nowMs),
      deadLetters: {
        perMinute: perMinute(arrivals, minutes, nowMs),
        total: arrivals.length,
        capped: arrivals.length >= DEAD_LETTER_CAP,
      },
    };
  }

  async #statusDocs(): Promise<StageStatusDoc[]> {
    const { resources } = await this.#o.status.items
      .query<StageStatusDoc>("SELECT * FROM c WHERE c.kind = 'stage-status'")
      .fetchAll();
    return resources;
  }

  /** When each recent dead letter was set aside: ingest's arrival time, or the projector's quarantine time. */
  async #deadLetterArrivals(minutes: number, nowMs: number): Promise<string[]> {
    const since = windowStart(minutes, nowMs).toISOString();
    const { resources } = await this.#o.deadletters.items
      .query<{ receivedAt?: string; quarantinedAt?: string }>({
        query: `SELECT TOP ${DEAD_LETTER_CAP} c.receivedAt, c.quarantinedAt FROM c WHERE c.receivedAt >= @since OR c.quarantinedAt >= @since`,
        parameters: [{ name: '@since', value: since }],
      })
      .fetchAll();
    return resources.flatMap((r) => {
      const at = r.quarantinedAt ?? r.receivedAt;
      return typeof at === 'string' ? [at] : [];
    });
  }
}

async function orEmpty<T>(read: Promise<T[]>): Promise<T[]> {
  try {
    return await read;
  } catch (err) {
    if (hasStatus(err, 404)) return [];
    throw err;
  }
}
