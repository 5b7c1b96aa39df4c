// Malformed events, each a realistic way for a website to get an order wrong. Every variant starts from a real
// order and breaks exactly one thing, so a test can say *why* ingest must reject it; the unit tests check that
// @marquee/domain's validateOrder rejects every one of them.
import { pick, randomInt } from '@marquee/domain';
import type { Order, Rng } from '@marquee/domain';
import { jsonBytes } from './order-builder.ts';

type Mutable = Record<string, unknown> & { Details: Record<string, unknown>[] };

const clone = (order: Order): Mutable => structuredClone(order);
const anyLine = (rng: Rng, order: Mutable): Record<string, unknown> =>
  order.Details[randomInt(rng, 0, order.Details.length - 1)] as Record<string, unknown>;

/** Changes one field of a copy of the order; the result is serialised as ordinary JSON. */
const mutate =
  (change: (order: Mutable, rng: Rng) => void) =>
  (order: Order, rng: Rng): Buffer => {
    const copy = clone(order);
    change(copy, rng);
    return jsonBytes(copy);
  };

/** Byte sequences no UTF-8 decoder may accept: a lone 0xFF, a bad continuation, a surrogate, a cut-off rune. */
const INVALID_UTF8: readonly number[][] = [[0xff], [0xc3, 0x28], [0xed, 0xa0, 0x80], [0xe2, 0x82]];

function invalidUtf8(order: Order, rng: Rng): Buffer {
  const text = JSON.stringify(order);
  const at = text.indexOf('"FirstName":"') + '"FirstName":"'.length;
  const split = Buffer.byteLength(text.slice(0, at), 'utf8');
  const bytes = Buffer.from(text, 'utf8');
  return Buffer.concat([
    bytes.subarray(0, split),
    Buffer.from(pick(rng, INVALID_UTF8)),
    bytes.subarray(split),
  ]);
}

/** A cut-off body (a dropped connection, a buffer flushed too early): any strict prefix of `{…}` is not JSON. */
function truncated(order: Order, rng: Rng): Buffer {
  const text = JSON.stringify(order);
  return Buffer.from(text.slice(0, randomInt(rng, 1, text.length - 2)), 'utf8');
}

function badDate(order: Mutable, rng: Rng): void {
  const iso = String(order.OrderDate);
  order.OrderDate = pick(rng, [
    iso.replace('Z', ''), // no zone: a local time, ambiguous
    iso.slice(0, 10), // a date without a time
    `${iso.slice(0, 5)}13${iso.slice(7)}`, // month 13
    `${iso.slice(0, 5)}02-30${iso.slice(10)}`, // 30 February
    'yesterday',
  ]);
}

export const INVALID_VARIANTS = {
  'not-json': truncated,
  'not-an-object': (order: Order) => jsonBytes([order]),
  'invalid-utf8': invalidUtf8,
  'missing-order-date': mutate((o) => delete o.OrderDate),
  'bad-date': mutate(badDate),
  'date-not-string': mutate((o) => (o.OrderDate = Date.parse(String(o.OrderDate)))),
  'missing-details': mutate((o) => delete (o as Record<string, unknown>).Details),
  'details-not-array': mutate((o) => ((o as Record<string, unknown>).Details = o.Details[0])),
  'empty-details': mutate((o) => (o.Details = [])),
  'zero-quantity': mutate((o, rng) => (anyLine(rng, o).Quantity = 0)),
  'fractional-quantity': mutate((o, rng) => (anyLine(rng, o).Quantity = 1.5)),
  'negative-unit-price': mutate((o, rng) => {
    const line = anyLine(rng, o);
    line.UnitPrice = -(line.UnitPrice as number);
  }),
  'product-id-not-integer': mutate((o, rng) => {
    const line = anyLine(rng, o);
    line.ProductId = String(line.ProductId);
  }),
  'missing-line-email': mutate((o, rng) => delete anyLine(rng, o).Email),
  'missing-total': mutate((o) => delete o.Total),
  'total-not-number': mutate((o) => (o.Total = String(o.Total))),
  'negative-total': mutate((o) => (o.Total = -(o.Total as number))),
  'flag-not-boolean': mutate((o) => (o.HasBeenShipped = 'no')),
} satisfies Record<string, (order: Order, rng: Rng) => Buffer>;

export type InvalidKind = keyof typeof INVALID_VARIANTS;
export const INVALID_KINDS = Object.keys(INVALID_VARIANTS) as InvalidKind[];

/** A malformed body made from `order`, its variant drawn uniformly. */
export function corruptOrder(order: Order, rng: Rng): { why: InvalidKind; body: Buffer } {
  const why = pick(rng, INVALID_KINDS);
  return { why, body: INVALID_VARIANTS[why](order, rng) };
}
