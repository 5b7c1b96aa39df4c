// The schema registry, kept in the repo: every event type, every version's JSON Schema
// (libs/domain/schemas/<Type>/v<N>.json), and the upcasters that carry older data to the current version.
// Adding a version is one schema file plus one upcaster registered here (see the README).
import addedToCartV1 from '../../schemas/AddedToCart/v1.json' with { type: 'json' };
import checkoutStartedV1 from '../../schemas/CheckoutStarted/v1.json' with { type: 'json' };
import orderPlacedV1 from '../../schemas/OrderPlaced/v1.json' with { type: 'json' };
import productViewedV1 from '../../schemas/ProductViewed/v1.json' with { type: 'json' };
import productViewedV2 from '../../schemas/ProductViewed/v2.json' with { type: 'json' };
import type { ClickV1 } from '../clickstream/click.ts';
import { clickValidator } from '../clickstream/click-validation.ts';
import { productViewedV1ToV2 } from '../clickstream/upcasters.ts';
import type { RawBody } from '../orders/raw-body.ts';
import { validateOrder } from '../orders/validate.ts';
import type { BodyValidation, JsonSchema } from './json-schema.ts';

export interface SchemaVersion {
  /** The JSON Schema of this version, as the registry keeps it. */
  schema: JsonSchema;
  /** Parses and checks a body against this version: the data, or every reason it is refused. Never throws. */
  validate(raw: RawBody, now: Date): BodyValidation;
}

/** Data of version n → data of version n + 1. */
export type Upcaster = (data: never) => Record<string, unknown>;

export interface EventTypeEntry {
  /** The version projections and exports see; every older version is upcast to it. */
  current: number;
  versions: Readonly<Record<number, SchemaVersion>>;
  /** `upcasters[n]` turns version n into n + 1; one for every version below `current`. */
  upcasters: Readonly<Record<number, Upcaster>>;
}

// OrderPlaced keeps its hand-written validator: its reasons are a contract (dashboards group dead letters by
// them) and its bounds are proven by the property suite. The schema file states the same rules, and a
// property test checks that the two agree on every order.
const orderPlaced = (raw: RawBody, now: Date): BodyValidation => {
  const result = validateOrder(raw, { now });
  return result.ok ? { ok: true, data: result.order } : result;
};

const click = (schema: JsonSchema): SchemaVersion => ({ schema, validate: clickValidator(schema) });

export const EVENT_REGISTRY: Readonly<Record<string, EventTypeEntry>> = {
  OrderPlaced: {
    current: 1,
    versions: { 1: { schema: orderPlacedV1, validate: orderPlaced } },
    upcasters: {},
  },
  ProductViewed: {
    current: 2,
    versions: { 1: click(productViewedV1), 2: click(productViewedV2) },
    upcasters: { 1: (data: ClickV1) => productViewedV1ToV2(data) },
  },
  AddedToCart: { current: 1, versions: { 1: click(addedToCartV1) }, upcasters: {} },
  CheckoutStarted: { current: 1, versions: { 1: click(checkoutStartedV1) }, upcasters: {} },
};

export const REGISTERED_TYPES: readonly string[] = Object.keys(EVENT_REGISTRY).sort();

/** The entry of a registered type; undefined for anything else (including `__proto__` and friends). */
export function registryEntry(type: string): EventTypeEntry | undefined {
  return Object.hasOwn(EVENT_REGISTRY, type) ? EVENT_REGISTRY[type] : undefined;
}

/** Carries version `from` data up to the current version. Throws if an upcaster is missing (a registry bug). */
export function upcast(
  entry: EventTypeEntry,
  from: number,
  data: Record<string, unknown>,
): Record<string, unknown> {
  let current = data;
  for (let version = from; version < entry.current; version++) {
    const step = entry.upcasters[version];
    if (step === undefined) throw new Error(`no upcaster from version ${version}`);
    current = step(current as never);
  }
  return current;
}
