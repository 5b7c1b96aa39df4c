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
  TOP_MOVIES_DOC_ID,
  unappliedEvents,
  type CategoryOf,
  toDomainDoc,
  toStoredDoc,
  type OrderPlaced,
  type StoredViewDoc,
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

export type DocUpdate<E> =
  { write: true; next: StoredViewDoc; applied: E[] } | { write: false; skipped: number };

export function planDocUpdate<E extends OrderPlaced>(input: DocUpdateInput<E>): DocUpdate<E> {
  const { view, current, events, lease, lsnOf } = input;
  const position = appliedPosition(current?.appliedLsn, lease);
  const bookkeeping = position === undefined ? {} : { appliedLsn: { [lease.leaseToken]: position } };
  const applied = unappliedEvents(bookkeeping, lease.leaseToken, events, lsnOf);
  if (applied.length === 0) return { write: false, skipped: events.length };
  const base = current === undefined ? undefined : toDomainDoc(current);
  const delta = foldBatch(applied, { categoryOf: input.categoryOf, timeZone: input.timeZone }).find(
    (d) => d.kind === view && d.id === input.docId,
  );
  if (delta === undefined)
    throw new Error(`planDocUpdate: the events do not touch ${view} doc ${input.docId}`);
  const merged = applyDelta(base as never, delta);
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
  return { write: true, next, applied };
}
