// Events the exporter cannot write are set aside in the `deadletters` container, `stage: 'exporter'`, next to
// ingest's dead letters and the projector's quarantine records, so `pnpm deadletters list` and the pipeline
// panel's dead letters per minute show them with the others. The event itself stays in `events` (the record
// names it); the export goes on without it.
//
// Created, never upserted, under a deterministic id: a redelivered batch meets its records already there
// (409), so they keep their first time and are counted once, however often the batch comes again.
import { createHash } from 'node:crypto';
import type { Container, JSONObject } from '@azure/cosmos';
import { reasonGroupOf } from '@marquee/domain';
import { createDocuments } from '@marquee/platform';
import type { Logger } from 'pino';
import type { ExporterMetrics } from './metrics.ts';
import type { RefusalClass } from './rows.ts';

export interface ExportDeadLetter {
  /** `exporter.<eventId>` (a hash of the id when that would pass Cosmos's 255 characters). */
  id: string;
  stage: 'exporter';
  eventId: string;
  reasons: string[];
  reasonCount: number;
  /** What `pnpm deadletters list` groups it under (quoted values taken out: few groups). */
  reasonGroup: string;
  reasonClass: RefusalClass;
  type?: string;
  occurredAt?: string;
  /** The event's arrival when it has one that reads as a time, else when it was set aside. */
  receivedAt: string;
  source?: Record<string, string | number | boolean>;
  /** Where the event sits in the change feed: the lease (range) and its LSN. */
  feed: { lease: string; lsn: number };
  /** When it was set aside (what the pipeline panel counts per minute). */
  quarantinedAt: string;
}

/** An event the exporter refused, and why. */
export interface Refusal {
  change: unknown;
  lsn: number;
  reason: string;
  reasonClass: RefusalClass;
}

const MAX_ID = 255;
const clip = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

export function exportDeadLetterId(eventId: string): string {
  const id = `exporter.${eventId}`;
  return id.length <= MAX_ID ? id : `exporter.sha256:${createHash('sha256').update(eventId).digest('hex')}`;
}

/** The record of a refusal (pure). Every field is bounded: the record must be writable whatever the event. */
export function toExportDeadLetter(r: Refusal, lease: string, now: Date): ExportDeadLetter {
  const e = (r.change ?? {}) as Record<string, unknown>;
  const eventId = typeof e.id === 'string' ? e.id : String(e.id);
  const text = (value: unknown): string | undefined =>
    typeof value === 'string' ? clip(value, 100) : undefined;
  const received = typeof e.receivedAt === 'string' ? Date.parse(e.receivedAt) : Number.NaN;
  const source = boundedSource(e.source);
  const reason = clip(r.reason, 500);
  return {
    id: exportDeadLetterId(eventId),
    stage: 'exporter',
    eventId: clip(eventId, MAX_ID),
    reasons: [reason],
    reasonCount: 1,
    reasonGroup: reasonGroupOf([reason.replace(/"(?:[^"\\]|\\.)*"/g, '"…"')]),
    reasonClass: r.reasonClass,
    ...(text(e.type) === undefined ? {} : { type: text(e.type) }),
    ...(text(e.occurredAt) === undefined ? {} : { occurredAt: text(e.occurredAt) }),
    receivedAt: Number.isNaN(received) ? now.toISOString() : new Date(received).toISOString(),
    ...(source === undefined ? {} : { source }),
    feed: { lease, lsn: r.lsn },
    quarantinedAt: now.toISOString(),
  };
}

/** The event's Event Hubs position (partition, sequence number, offset), its plain fields only and clipped. */
function boundedSource(value: unknown): Record<string, string | number | boolean> | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const fields = Object.entries(value)
    .slice(0, 10)
    .flatMap(([key, v]): [string, string | number | boolean][] =>
      typeof v === 'string'
        ? [[clip(key, 50), clip(v, 100)]]
        : typeof v === 'number' || typeof v === 'boolean'
          ? [[clip(key, 50), v]]
          : [],
    );
  return Object.fromEntries(fields);
}

export interface ExportDeadLettersDeps {
  container: Container;
  metrics: ExporterMetrics;
  now?: () => Date;
}

export class ExportDeadLetters {
  readonly #d: ExportDeadLettersDeps;

  constructor(deps: ExportDeadLettersDeps) {
    this.#d = deps;
  }

  /**
   * Writes the records before the batch is checkpointed. Transient store failures are retried until the signal
   * aborts (then the batch is delivered again); only a record the store refuses for good is logged and left.
   */
  async put(refusals: readonly Refusal[], lease: string, signal: AbortSignal, logger: Logger): Promise<void> {
    if (refusals.length === 0) return;
    const now = (this.#d.now ?? (() => new Date()))();
    const records = refusals.map((r) => toExportDeadLetter(r, lease, now));
    const outcomes = await createDocuments(this.#d.container, records as unknown as JSONObject[], {
      signal,
      logger,
    });
    records.forEach((record, i) => {
      const outcome = outcomes[i];
      const event = { eventId: record.eventId, reason: record.reasons[0], lsn: record.feed.lsn };
      if (outcome?.kind === 'created') {
        this.#d.metrics.deadLettered.inc({ reason: record.reasonClass });
        logger.warn(event, 'event not exported: set aside as a dead letter');
      } else if (outcome?.kind === 'refused')
        logger.error(
          { ...event, refusal: outcome.reason },
          'event not exported, and its dead letter refused',
        );
    });
  }
}
