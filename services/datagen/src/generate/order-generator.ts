// The pure order generator: seed + catalog + clock in, a deterministic stream of event bodies out. No I/O; the
// only thing it asks the outside world is `now()`, exactly once per event.
import type { Order } from '@marquee/domain';
import { pick, randomInt } from '@marquee/domain';
import { buildCustomers } from './customers.ts';
import type { Customer } from './customers.ts';
import { corruptOrder } from './invalid-variants.ts';
import type { InvalidKind } from './invalid-variants.ts';
import { buildOrder, drawLines, jsonBytes } from './order-builder.ts';
import { partitionKeyFor } from './partition-keys.ts';
import type { PartitionKeyStrategy } from './partition-keys.ts';
import { moviePicker } from './popularity.ts';
import type { CatalogMovie } from './popularity.ts';
import { assertSeed, streamRng } from './seeds.ts';

export type EventKind = 'valid' | 'duplicate' | `invalid:${InvalidKind}`;

export interface GeneratedEvent {
  /** Position in the generated sequence, from 0. */
  seq: number;
  kind: EventKind;
  /** The exact bytes to send (UTF-8 JSON, except for the deliberately broken variants). */
  body: Buffer;
  partitionKey?: string;
  /** The order the body carries, for `valid` and `duplicate` events. */
  order?: Order;
}

export interface OrderGeneratorOptions {
  /** Integer 0..2^32-1. */
  seed: number;
  catalog: { movies: readonly CatalogMovie[] };
  /** Called once per event; see clock.ts for the clocks the CLI uses. */
  now: () => Date;
  /** Date each new order uniformly within (now - backfillMs, now] instead of at now. */
  backfillMs?: number;
  /** Share of events that are malformed, 0..1. */
  invalidRatio?: number;
  /** Share of events that re-send an earlier order byte for byte, 0..1. */
  duplicateRatio?: number;
  partitionKey?: PartitionKeyStrategy;
  customers?: readonly Customer[];
  /** Duplicates are drawn from this many most recent orders (default 1000). */
  duplicateWindow?: number;
}

export interface OrderGenerator {
  next(): GeneratedEvent;
  /** Events generated so far. */
  readonly generated: number;
}

interface Sent {
  order: Order;
  body: Buffer;
  customer: Customer;
}

function checkRatio(name: string, value: number): void {
  if (!(value >= 0 && value <= 1)) throw new RangeError(`${name} must be from 0 to 1, got ${value}`);
}

export const transactionId = (seed: number, ordinal: number): string =>
  `pay_${seed.toString(16).padStart(8, '0')}_${String(ordinal).padStart(10, '0')}`;

export function createOrderGenerator(options: OrderGeneratorOptions): OrderGenerator {
  const { seed, now, backfillMs = 0, invalidRatio = 0, duplicateRatio = 0 } = options;
  assertSeed(seed);
  checkRatio('invalidRatio', invalidRatio);
  checkRatio('duplicateRatio', duplicateRatio);
  if (invalidRatio + duplicateRatio > 1)
    throw new RangeError('invalidRatio + duplicateRatio must not exceed 1');
  if (!(backfillMs >= 0)) throw new RangeError(`backfillMs must be >= 0, got ${backfillMs}`);
  const strategy = options.partitionKey ?? 'none';
  const customers = options.customers ?? buildCustomers();
  const window = options.duplicateWindow ?? 1000;

  const orders = streamRng(seed, 'orders');
  const mix = streamRng(seed, 'mix');
  const keys = streamRng(seed, 'keys');
  const pickMovie = moviePicker(options.catalog.movies, orders);
  const recent: Sent[] = [];
  let seq = 0;
  let ordinal = 0;
  let valid = 0;

  // Always the same draws in the same order, whatever the options, so the n-th new order is fixed by the seed.
  const newOrder = (at: Date): { order: Order; customer: Customer } => {
    const customer = pick(orders, customers);
    const lines = drawLines(orders, pickMovie);
    const offset = Math.floor(orders() * backfillMs);
    const orderDate = new Date(at.getTime() - offset);
    const order = buildOrder({ customer, lines, orderDate, transactionId: transactionId(seed, ++ordinal) });
    return { order, customer };
  };

  const next = (): GeneratedEvent => {
    const at = now();
    const current = seq++;
    const u = mix();
    if (u < invalidRatio) {
      const { order, customer } = newOrder(at);
      const { why, body } = corruptOrder(order, mix);
      return event(current, `invalid:${why}`, body, partitionKeyFor(strategy, customer, keys));
    }
    if (u < invalidRatio + duplicateRatio && recent.length > 0) {
      const earlier = recent[randomInt(mix, 0, recent.length - 1)] as Sent;
      const key = partitionKeyFor(strategy, earlier.customer, keys);
      return { ...event(current, 'duplicate', earlier.body, key), order: earlier.order };
    }
    const { order, customer } = newOrder(at);
    const body = jsonBytes(order);
    // A ring of the most recent orders: O(1) per event however long the run.
    recent[valid++ % window] = { order, body, customer };
    return { ...event(current, 'valid', body, partitionKeyFor(strategy, customer, keys)), order };
  };

  return {
    next,
    get generated() {
      return seq;
    },
  };
}

function event(seq: number, kind: EventKind, body: Buffer, partitionKey: string | undefined): GeneratedEvent {
  return partitionKey === undefined ? { seq, kind, body } : { seq, kind, body, partitionKey };
}
