// Events the projector cannot count exactly are set aside here instead of being retried for ever: one record
// per event in the `deadletters` container, `stage: 'projector'`, next to ingest's dead letters so an
// operator finds every refused input in one place. The event itself stays in `events` (the record names it).
// Created (never upserted) under a deterministic id: every view processor that folds the event and any
// redelivery meet the same record, so it keeps its first time, and only the write that created it counts it
// in the metric.
import { createHash } from 'node:crypto';
import type { Container } from '@azure/cosmos';
import type { EventSource, TelemetryEvent, ViewKind } from '@marquee/domain';
import { hasStatus } from '@marquee/platform';

export interface QuarantineRecord {
  /** `projector.<eventId>`, or `projector.<view>.<eventId>` when only one view doc refused it. */
  id: string;
  stage: 'projector';
  /** The event's id in `events`. */
  eventId: string;
  reasons: string[];
  /** Set when only this view set the event aside (its doc would overflow); absent: every view did. */
  view?: ViewKind;
  occurredAt: string;
  receivedAt: string;
  source: EventSource;
  quarantinedAt: string;
}

export interface Quarantined {
  event: TelemetryEvent;
  reason: string;
  view?: ViewKind;
}

const MAX_ID = 255;

export function quarantineRecordId(eventId: string, view?: ViewKind): string {
  const id = view === undefined ? `projector.${eventId}` : `projector.${view}.${eventId}`;
  if (id.length <= MAX_ID) return id;
  return `projector.${view ?? 'all'}.sha256:${createHash('sha256').update(eventId).digest('hex')}`;
}

export function toQuarantineRecord(q: Quarantined, now: Date): QuarantineRecord {
  const { event } = q;
  // A hand-written event may lack any of these; the record must still be writable.
  const source = (event.source as EventSource | undefined) ?? {
    partitionId: '',
    sequenceNumber: -1,
    offset: '',
  };
  return {
    id: quarantineRecordId(event.id, q.view),
    stage: 'projector',
    eventId: event.id,
    reasons: [q.reason.slice(0, 500)],
    ...(q.view === undefined ? {} : { view: q.view }),
    occurredAt: String(event.occurredAt).slice(0, 100),
    receivedAt: String(event.receivedAt).slice(0, 100),
    source,
    quarantinedAt: now.toISOString(),
  };
}

/** Where the projection writes what it set aside. */
export interface QuarantineSink {
  /** Per item: true when this call created its record, false when it was there already. */
  put(items: readonly Quarantined[]): Promise<boolean[]>;
}

export class CosmosQuarantine implements QuarantineSink {
  readonly #container: Container;
  readonly #now: () => Date;

  constructor(container: Container, now: () => Date = () => new Date()) {
    this.#container = container;
    this.#now = now;
  }

  /** Throws on a store failure: the batch is then retried (and not checkpointed), so no record is lost. */
  async put(items: readonly Quarantined[]): Promise<boolean[]> {
    const now = this.#now();
    return Promise.all(
      items.map(async (q) => {
        try {
          await this.#container.items.create(toQuarantineRecord(q, now));
          return true;
        } catch (err) {
          if (hasStatus(err, 409)) return false; // another view, or an earlier delivery, set it aside
          throw err;
        }
      }),
    );
  }
}
