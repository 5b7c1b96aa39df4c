// Planning one change feed batch for one view (pure). The batch is grouped by the view doc each event lands
// in; then, per doc, only the events past the doc's recorded LSN for this lease are folded and merged. A batch
// redelivered after a crash (possibly longer than the first delivery, since the feed grew) thus re-applies
// nothing, doc by doc, and every doc gets exactly one write per batch.
import {
  applyDelta,
  CATEGORIES_DOC_ID,
  dayDocId,
  dayKeyOf,
  foldBatch,
  hourDocId,
  hourKeyOf,
  isExactDoc,
  TOP_MOVIES_DOC_ID,
  unappliedEvents,
  type CategoryOf,
  toDomainDoc,
  toStoredDoc,
  type OrderPlaced,
  type StoredViewDoc,
  type ViewDoc,
  type ViewKind,
} from '@marquee/domain';
import { appliedPosition, type LeaseIdentity } from './applied-position.ts';

/** The domain doc id an order lands in, for one view. */
export function viewDocIdOf(view: ViewKind, event: OrderPlaced, timeZone: string): string {
  switch (view) {
    case 'top-movies':
      return TOP_MOVIES_DOC_ID;
    case 'categories':
      return CATEGORIES_DOC_ID;
    case 'orders-hour':
      return hourDocId(hourKeyOf(event.occurredAt));
    case 'orders-day':
      return dayDocId(dayKeyOf(event.occurredAt, timeZone));
  }
}

/** Events grouped by the view doc they affect, docs in first-seen order, events in batch (LSN) order. */
export function groupByDoc<E extends OrderPlaced>(
  view: ViewKind,
  events: readonly E[],
  timeZone: string,
): Map<string, E[]> {
  const groups = new Map<string, E[]>();
  for (const event of events) {
    const id = viewDocIdOf(view, event, timeZone);
    const group = groups.get(id);
    if (group === undefined) groups.set(id, [event]);
    else group.push(event);
  }
  return groups;
}

export interface DocUpdateInput<E extends OrderPlaced> {
  view: ViewKind;
  generation: number;
  /** Domain id of the doc (see viewDocIdOf). */
  docId: string;
  /** The doc as stored now; undefined when it does not exist yet. */
  current: StoredViewDoc | undefined;
  /** This batch's events for this doc. */
  events: readonly E[];
  lease: LeaseIdentity;
  /** Highest LSN of the whole batch: the doc includes everything of this lease up to it once written. */
  batchMaxLsn: number;
  lsnOf: (event: E) => number;
  categoryOf: CategoryOf;
  timeZone: string;
  now: Date;
}

/** An event set aside for this doc: counting it would take a counter past what is counted exactly. */
export interface Overflow<E> {
  event: E;
  reason: string;
}

export type DocUpdate<E> =
  | { write: true; next: StoredViewDoc; applied: E[]; overflow: Overflow<E>[] }
  | { write: false; skipped: number; overflow: Overflow<E>[] };

export function planDocUpdate<E extends OrderPlaced>(input: DocUpdateInput<E>): DocUpdate<E> {
  const { current, events, lease, lsnOf } = input;
  const position = appliedPosition(current?.appliedLsn, lease);
  const bookkeeping = position === undefined ? {} : { appliedLsn: { [lease.leaseToken]: position } };
  const pending = unappliedEvents(bookkeeping, lease.leaseToken, events, lsnOf);
  if (pending.length === 0) return { write: false, skipped: events.length, overflow: [] };
  const base = current === undefined ? undefined : toDomainDoc(current);
  let merged: ViewDoc | undefined = mergeInto(base, pending, input);
  let applied = pending;
  const overflow: Overflow<E>[] = [];
  if (!isExactDoc(merged)) {
    // Rare: a sum of exact figures overflows. Count event by event, in LSN order, and set aside each event
    // that would take a counter past the exact range: deterministic, so a redelivery decides the same.
    merged = base;
    applied = [];
    for (const event of pending) {
      const next = mergeInto(merged, [event], input);
      if (isExactDoc(next)) {
        merged = next;
        applied.push(event);
      } else {
        overflow.push({
          event,
          reason: `counting it would take ${input.docId} past what is counted exactly`,
        });
      }
    }
    // Nothing countable and no doc yet: nothing to write; a redelivery sets the same events aside again.
    if (merged === undefined) return { write: false, skipped: 0, overflow };
  }
  const appliedLsn = {
    ...current?.appliedLsn,
    [lease.leaseToken]: Math.max(position ?? 0, input.batchMaxLsn),
  };
  const lastEventAt = applied.reduce(
    (newest, e) => (e.occurredAt > newest ? e.occurredAt : newest),
    current?.asOf.lastEventAt ?? '',
  );
  const next = toStoredDoc(merged, input.generation, appliedLsn, {
    lastEventAt,
    writtenAt: input.now.toISOString(),
  });
  return { write: true, next, applied, overflow };
}

/** `base` with the events' delta for this doc merged in. */
function mergeInto<E extends OrderPlaced>(
  base: ViewDoc | undefined,
  events: readonly E[],
  input: DocUpdateInput<E>,
): ViewDoc {
  const { view, docId } = input;
  const deltas = foldBatch(events, { categoryOf: input.categoryOf, timeZone: input.timeZone });
  const delta = deltas.find((d) => d.kind === view && d.id === docId);
  if (delta === undefined) throw new Error(`planDocUpdate: the events do not touch ${view} doc ${docId}`);
  return applyDelta(base as never, delta);
}
