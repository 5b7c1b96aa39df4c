// The registry of views. Adding a view: one file with its doc type and definition (see top-movies.ts, or
// funnel.ts for a view that folds several event types), then one line in each of the three places below. The
// projector runs a processor per registered view, the stored-views contract and the generation pointer follow
// from this list.
import type { TelemetryEvent } from '../events/telemetry-event.ts';
import type { CategoriesDoc } from './categories.ts';
import { categoryPopularity } from './categories.ts';
import type { ViewDefinition } from './definition.ts';
import type { FunnelDoc } from './funnel-docs.ts';
import { conversionFunnel } from './funnel.ts';
import type { OrdersDayDoc } from './orders-per-day.ts';
import { ordersPerDay } from './orders-per-day.ts';
import type { OrdersHourDoc } from './orders-per-hour.ts';
import { ordersPerHour } from './orders-per-hour.ts';
import type { MovieSalesDoc } from './top-movies.ts';
import { movieSales } from './top-movies.ts';

/** Every view's doc type. */
export type ViewDoc = MovieSalesDoc | CategoriesDoc | OrdersHourDoc | OrdersDayDoc | FunnelDoc;
export type ViewKind = ViewDoc['kind'];
export type DocOfKind<K extends ViewKind> = Extract<ViewDoc, { kind: K }>;

/** A definition of any view, over any event: it is handed only the event types it lists in `events`. */
export type AnyViewDefinition<D extends ViewDoc = ViewDoc> = ViewDefinition<D, TelemetryEvent>;

/** Each view's definition, by kind. */
export const VIEW_DEFINITIONS: { readonly [K in ViewKind]: AnyViewDefinition<DocOfKind<K>> } = Object.freeze({
  'top-movies': movieSales,
  categories: categoryPopularity,
  'orders-hour': ordersPerHour,
  'orders-day': ordersPerDay,
  funnel: conversionFunnel,
});

/** The views, in the order they are listed and started. */
export const VIEW_KINDS: readonly ViewKind[] = Object.freeze(Object.keys(VIEW_DEFINITIONS) as ViewKind[]);

export function definitionOf<K extends ViewKind>(kind: K): AnyViewDefinition<DocOfKind<K>> {
  return VIEW_DEFINITIONS[kind];
}

/** Which view a domain doc id belongs to; undefined for any other id. */
export function kindOfDomainId(domainId: string): ViewKind | undefined {
  return VIEW_KINDS.find((kind) => VIEW_DEFINITIONS[kind].owns(domainId));
}
