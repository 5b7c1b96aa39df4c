// Orders the projector cannot count exactly are set aside here instead of being retried for ever: one record
// per event in the `deadletters` container, `stage: 'projector'`, next to ingest's dead letters so an
// operator finds every refused input in one place. The event itself stays in `events` (the record names it).
// Upserts with a deterministic id: the four view processors and any redelivery write the same record.
import { createHash } from 'node:crypto';
import type { Container } from '@azure/cosmos';
import type { EventSource, OrderPlaced, ViewKind } from '@marquee/domain';

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
  event: OrderPlaced;
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
  put(items: readonly Quarantined[]): Promise<void>;
}

export class CosmosQuarantine implements QuarantineSink {
  readonly #container: Container;
  readonly #now: () => Date;

  constructor(container: Container, now: () => Date = () => new Date()) {
    this.#container = container;
    this.#now = now;
  }

  /** Throws on a store failure: the batch is then retried (and not checkpointed), so no record is lost. */
  async put(items: readonly Quarantined[]): Promise<void> {
    const now = this.#now();
    await Promise.all(items.map((q) => this.#container.items.upsert(toQuarantineRecord(q, now))));
  }
}
