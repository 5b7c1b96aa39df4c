// Planning one change feed batch for one view (pure). The batch is grouped by the view doc each event lands
// in; then, per doc, only the events past the doc's recorded LSN for this lease are folded and merged. A batch
// redelivered after a crash (possibly longer than the first delivery, since the feed grew) thus re-applies
// nothing, doc by doc, and every doc gets exactly one write per batch.
import {
  foldEvents,
  toDomainDoc,
  toStoredDoc,
  type AnyViewDefinition,
  type FoldContext,
  type StoredView,
  type TelemetryEvent,
  type ViewDoc,
} from '@marquee/domain';
import { appliedPosition, type LeaseIdentity } from './applied-position.ts';

export interface DocUpdateInput<D extends ViewDoc, E extends TelemetryEvent> {
  /** The view: its fold and merge are what is applied. */
  definition: AnyViewDefinition<D>;
  generation: number;
  /** Domain id of the doc (a key of the view's definition). */
  docId: D['id'];
  /** This lease's partial of the doc as stored now; undefined when it does not exist yet. */
  current: StoredView<D> | undefined;
  /** Positions a split's ancestors recorded in their partials of the doc, for a partial not written yet. */
  inherited?: Readonly<Record<string, number>>;
  /** This batch's events for this doc. */
  events: readonly E[];
  lease: LeaseIdentity;
  /** Highest LSN of the whole batch: the doc includes everything of this lease up to it once written. */
  batchMaxLsn: number;
  lsnOf: (event: E) => number;
  ctx: FoldContext;
  now: Date;
}

/** An event set aside for this doc: counting it would take a counter past what is counted exactly, or the doc past its bounds. */
export interface Overflow<E> {
  event: E;
  reason: string;
}

export type DocUpdate<D extends ViewDoc, E> =
  | { write: true; next: StoredView<D>; applied: E[]; overflow: Overflow<E>[] }
  | { write: false; skipped: number; overflow: Overflow<E>[] };

export function planDocUpdate<D extends ViewDoc, E extends TelemetryEvent>(
  input: DocUpdateInput<D, E>,
): DocUpdate<D, E> {
  const { current, events, lease, lsnOf, definition } = input;
  const recorded = current?.appliedLsn ?? input.inherited;
  const position = appliedPosition(recorded, lease);
  const pending = position === undefined ? [...events] : events.filter((e) => lsnOf(e) > position);
  if (pending.length === 0) return { write: false, skipped: events.length, overflow: [] };
  const base = current === undefined ? undefined : toDomainDoc(current);
  let merged: D | undefined = mergeInto(base, pending, input);
  let applied = pending;
  const overflow: Overflow<E>[] = [];
  if (!definition.isExact(merged)) {
    // Rare: a sum of exact figures overflows (or the doc outgrows its bounds). Count event by event, in LSN order, and set aside each event
    // that would take a counter past the exact range: deterministic, so a redelivery decides the same.
    merged = base;
    applied = [];
    for (const event of pending) {
      const next = mergeInto(merged, [event], input);
      if (definition.isExact(next)) {
        merged = next;
        applied.push(event);
      } else {
        overflow.push({
          event,
          reason: `counting it would take ${input.docId} past what is counted exactly or past its bounds`,
        });
      }
    }
    // Nothing countable and no doc yet: nothing to write; a redelivery sets the same events aside again.
    if (merged === undefined) return { write: false, skipped: 0, overflow };
  }
  const appliedLsn = {
    ...recorded,
    [lease.leaseToken]: Math.max(position ?? 0, input.batchMaxLsn),
  };
  const lastEventAt = applied.reduce(
    (newest, e) => (e.occurredAt > newest ? e.occurredAt : newest),
    current?.asOf.lastEventAt ?? '',
  );
  const asOf = { lastEventAt, writtenAt: input.now.toISOString() };
  const next = toStoredDoc(merged, input.generation, appliedLsn, asOf, lease.leaseToken);
  return { write: true, next, applied, overflow };
}

/** `base` with the events folded in: the view's fold from the initial doc, then its merge. */
function mergeInto<D extends ViewDoc, E extends TelemetryEvent>(
  base: D | undefined,
  events: readonly E[],
  input: DocUpdateInput<D, E>,
): D {
  const delta = foldEvents(input.definition, input.docId, events, input.ctx);
  return base === undefined ? delta : input.definition.merge(base, delta);
}
