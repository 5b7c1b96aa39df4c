// Which changes of a batch the views count, and which orders are set aside with a reason (pure).
import { isOrderPlaced, whyNotCountable, type OrderPlaced } from '@marquee/domain';
import type { Quarantined } from '../store/index.ts';

/** A document that says it is a version-1 order, yet does not have the shape of one. */
function claimsToBeOrder(change: unknown): boolean {
  const c = change as { type?: unknown; schemaVersion?: unknown; id?: unknown } | null;
  return c?.type === 'OrderPlaced' && c.schemaVersion === 1 && typeof c.id === 'string';
}

/**
 * Orders to count, in batch order, and orders refused: malformed envelopes and orders whose figures are
 * beyond what is counted exactly. Other documents (other event types, later schema versions) are neither.
 */
export function sortOrders<E extends OrderPlaced>(
  changes: readonly unknown[],
  timeZone: string,
): { countable: E[]; refused: Quarantined[] } {
  const countable: E[] = [];
  const refused: Quarantined[] = [];
  for (const change of changes) {
    if (!isOrderPlaced(change)) {
      if (claimsToBeOrder(change)) {
        refused.push({
          event: change as OrderPlaced,
          reason: 'not an OrderPlaced envelope: occurredAt, data or Details missing',
        });
      }
      continue;
    }
    const reason = whyNotCountable(change, timeZone);
    if (reason === undefined) countable.push(change as E);
    else refused.push({ event: change, reason });
  }
  return { countable, refused };
}
