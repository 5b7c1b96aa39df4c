// One definition per view, in the manner of emmett's projection definitions: where an order lands (the doc
// key), how it is folded into a doc (evolve from the doc's initial state), and how two docs of one key combine
// (merge). The projector runs exactly these functions, the specs test them, and the api ranks what they
// produce. Every view here is a set of counters that only ever add up, so a batch folded from `initial` and
// merged into the stored doc equals evolving the stored doc event by event: that is what lets the projector
// write once per doc per batch, and readers combine per-writer partial docs with the same `merge`.
// A view declares the event types it folds (`events`, a past-tense union); the projector hands it those only.
import type { TelemetryEvent } from '../events/telemetry-event.ts';
import type { OrderPlaced } from '../orders/index.ts';
import type { CategoryOf } from './contribution.ts';

export interface FoldContext {
  /** ProductId → categoryId, undefined when the catalog does not know the product. */
  categoryOf: CategoryOf;
  /** IANA zone of the daily buckets. One zone per deployment: doc ids do not include it. */
  timeZone: string;
}

/** A view document: its domain id, its kind, then its counters. */
export interface ViewDocShape {
  id: string;
  kind: string;
}

export interface ViewDefinition<D extends ViewDocShape, E extends TelemetryEvent = OrderPlaced> {
  readonly kind: D['kind'];
  /**
   * The version of the view's document layout (doc ids and shapes), bumped by a release that changes them. The
   * generation pointer records the layout each view's live generation was built with: a projector whose
   * layout differs rebuilds the view into a new generation by itself, and the api, meanwhile, answers that
   * report 503 instead of reading docs it cannot interpret (docs/conventions.md).
   */
  readonly layout: number;
  /** The event types the view folds: every other change of the feed passes it by. */
  readonly events: readonly E['type'][];
  /**
   * True when keysOf or evolve look movies up in `ctx.categoryOf`: the projector then brings its catalog up to
   * date with the batch's movies before folding, so a movie added just before its first event is not Unknown.
   */
  readonly usesCatalog?: boolean;
  /** The domain ids of the docs an event lands in: the key (or keys) of the view. */
  keysOf(event: E, ctx: FoldContext): readonly D['id'][];
  /** True when `id` names a doc of this view (a key, or a doc the view derives from its keys). */
  owns(id: string): boolean;
  /** The doc before any event, every counter at zero. */
  initial(id: D['id'], ctx: FoldContext): D;
  /** One event folded into the doc: only what lands in `doc.id`. Pure; the input is not changed. */
  evolve(doc: D, event: E, ctx: FoldContext): D;
  /**
   * Optional, for speed: the same fold as `evolve`, done in place on a draft only the caller holds, nested
   * records included (foldEvents' doc from `initial`, changed by nothing else). A batch of hundreds of
   * orders is folded into one fresh doc; copying a doc of hundreds of counters per order (what a pure
   * `evolve` must do) made the fold the projector's hottest code. The specs check both agree.
   */
  evolveDraft?(draft: D, event: E, ctx: FoldContext): void;
  /**
   * Two docs of one key as one (associative and commutative; `a`'s other fields are kept): a batch's fold
   * into the stored doc, or a reader combining partial docs. Throws when they cannot be combined.
   */
  merge(a: D, b: D): D;
  /**
   * True while every counter is still counted exactly (a safe integer) and the doc within the bounds its view
   * promises (the funnel's categories per hour): an event that would break either is set aside, not retried.
   */
  isExact(doc: D): boolean;
}

/** True when the view folds this event's type. */
export function folds<E extends TelemetryEvent>(
  definition: Pick<ViewDefinition<ViewDocShape, E>, 'events'>,
  event: TelemetryEvent,
): event is E {
  return (definition.events as readonly string[]).includes(event.type);
}

/** The events folded, in order, into the doc `id`, starting from its initial state. */
export function foldEvents<D extends ViewDocShape, E extends TelemetryEvent>(
  definition: ViewDefinition<D, E>,
  id: D['id'],
  events: readonly E[],
  ctx: FoldContext,
): D {
  let doc = definition.initial(id, ctx);
  if (definition.evolveDraft !== undefined) {
    // `initial` returns a new doc on every call: this fold owns it until it returns.
    for (const event of events) definition.evolveDraft(doc, event, ctx);
    return doc;
  }
  for (const event of events) doc = definition.evolve(doc, event, ctx);
  return doc;
}

/**
 * Events grouped by the doc they land in: docs in first-seen order, events in their original order. Events of
 * types the view does not fold pass it by.
 */
export function groupByKey<D extends ViewDocShape, F extends TelemetryEvent, E extends F>(
  definition: ViewDefinition<D, F>,
  events: readonly E[],
  ctx: FoldContext,
): Map<D['id'], E[]> {
  const groups = new Map<D['id'], E[]>();
  for (const event of events) {
    if (!folds(definition, event)) continue;
    for (const id of definition.keysOf(event, ctx)) {
      const group = groups.get(id);
      if (group === undefined) groups.set(id, [event]);
      else group.push(event);
    }
  }
  return groups;
}

/**
 * Every doc of the view after these events, folded one event at a time (what the specs compare against).
 * Events of types the view does not fold pass it by, as in the projector.
 */
export function project<D extends ViewDocShape, E extends TelemetryEvent>(
  definition: ViewDefinition<D, E>,
  events: readonly TelemetryEvent[],
  ctx: FoldContext,
): Map<D['id'], D> {
  const docs = new Map<D['id'], D>();
  for (const event of events) {
    if (!folds(definition, event)) continue;
    for (const id of definition.keysOf(event, ctx)) {
      docs.set(id, definition.evolve(docs.get(id) ?? definition.initial(id, ctx), event, ctx));
    }
  }
  return docs;
}
