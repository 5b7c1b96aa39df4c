// What the projector keeps of a change it reads (pure). An order as stored carries the customer's name,
// address, phone, e-mail (on every line too), receipt and payment ids: ~40% of the heap a parsed event takes,
// and no view reads any of it. The projector holds whole change feed pages in memory while its views apply
// them (up to 2,000 events a page, several pages at a time in a burst), so it drops those fields once per page,
// as the page is read, before any view sees it. A view that comes to need one of them must take it off this list.
import { DESCRIPTIVE_FIELDS } from '../orders/order.ts';

/** Cosmos system properties no view reads (`_lsn` and `_ts` are read: kept). */
const UNREAD_SYSTEM = new Set(['_rid', '_self', '_etag', '_attachments']);
/** Order fields no view reads: the descriptive ones (Total, OrderDate and Details are read). */
const UNREAD_ORDER = new Set<string>(Object.keys(DESCRIPTIVE_FIELDS));
const UNREAD_LINE = 'Email';

/**
 * The change without the fields no view reads: a new object for an OrderPlaced with an object `data` (its
 * lines copied without `Email`), without Cosmos' unread system properties for any other object; anything
 * else as it is. Whatever a view reads, or a check of the event's shape looks at, is kept as it was.
 */
export function withoutUnreadFields(change: unknown): unknown {
  if (typeof change !== 'object' || change === null || Array.isArray(change)) return change;
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(change)) if (!UNREAD_SYSTEM.has(key)) kept[key] = value;
  const data = kept.data;
  if (kept.type !== 'OrderPlaced' || typeof data !== 'object' || data === null || Array.isArray(data))
    return kept;
  const order: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    if (UNREAD_ORDER.has(key)) continue;
    order[key] = key === 'Details' && Array.isArray(value) ? value.map(withoutEmail) : value;
  }
  kept.data = order;
  return kept;
}

function withoutEmail(line: unknown): unknown {
  if (typeof line !== 'object' || line === null || Array.isArray(line) || !(UNREAD_LINE in line)) return line;
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(line)) if (key !== UNREAD_LINE) kept[key] = value;
  return kept;
}
