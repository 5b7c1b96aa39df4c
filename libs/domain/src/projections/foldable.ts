// What a view does with each change of the event store's feed (pure): fold it, set it aside with a reason, or
// let it pass. A change of a type the view does not fold, or of another schema version than the current one
// (not this code's to read), passes. One that says it is a current event of a folded type but lacks its shape,
// or whose figures cannot be counted exactly, is refused with the reason, the same for every view that folds
// its type, so the quarantine record (one per event) says the same whichever view wrote it.
import { isClickstreamEvent } from '../clickstream/click-event.ts';
import { registryEntry } from '../events/registry.ts';
import type { TelemetryEvent } from '../events/telemetry-event.ts';
import { isOrderPlaced } from '../orders/stored-event.ts';
import { whyNotCountable, whyNotCountableClick } from './countable.ts';

/** An event a view cannot count, and why. */
export interface RefusedEvent {
  event: TelemetryEvent;
  reason: string;
}

interface TypeRules {
  /** The full shape of a current event of this type. */
  is(doc: unknown): boolean;
  /** What the reason names when the shape is not there. */
  needs: string;
  whyNot(event: never, timeZone: string): string | undefined;
}

const CLICK: TypeRules = {
  is: isClickstreamEvent,
  needs: 'occurredAt, data, an integer movieId or device',
  whyNot: whyNotCountableClick,
};

// Adding an event type a view folds: its narrowing and counting rules here (the type checker asks for it).
const RULES: { readonly [T in TelemetryEvent['type']]: TypeRules } = {
  OrderPlaced: { is: isOrderPlaced, needs: 'occurredAt, data or Details', whyNot: whyNotCountable },
  ProductViewed: CLICK,
  AddedToCart: CLICK,
  CheckoutStarted: CLICK,
};

/** The type a document says it is, when it says it is a current event of one of `types` (else undefined). */
function claimedType(change: unknown, types: readonly string[]): TelemetryEvent['type'] | undefined {
  const c = change as { type?: unknown; schemaVersion?: unknown; id?: unknown } | null;
  if (typeof c?.type !== 'string' || !types.includes(c.type) || typeof c.id !== 'string') return undefined;
  return c.schemaVersion === registryEntry(c.type)?.current ? (c.type as TelemetryEvent['type']) : undefined;
}

const article = (word: string): string => (/^[AEIOU]/.test(word) ? 'an' : 'a');

/** The changes of a batch a view folds (in batch order), and the ones it refuses with a reason. */
export function sortChanges<E extends TelemetryEvent>(
  types: readonly E['type'][],
  changes: readonly unknown[],
  timeZone: string,
): { countable: E[]; refused: RefusedEvent[] } {
  const countable: E[] = [];
  const refused: RefusedEvent[] = [];
  for (const change of changes) {
    const type = claimedType(change, types);
    if (type === undefined) continue;
    const rules = RULES[type];
    const event = change as E;
    if (!rules.is(change)) {
      refused.push({ event, reason: `not ${article(type)} ${type} envelope: ${rules.needs} missing` });
      continue;
    }
    const reason = rules.whyNot(event as never, timeZone);
    if (reason === undefined) countable.push(event);
    else refused.push({ event, reason });
  }
  return { countable, refused };
}
