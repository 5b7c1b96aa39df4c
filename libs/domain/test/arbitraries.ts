// fast-check generators for the property suite: orders within ORDER_BOUNDS, and hostile payloads (wrong
// types, extreme numbers, deep nesting, huge arrays, odd Unicode, prototype keys) in every encoding a
// producer may use.
import fc from 'fast-check';
import { ORDER_BOUNDS, generateCatalog, type Order } from '../src/index.ts';

const movieIds = generateCatalog().movies.map((m) => m.movieId);
const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** An instant as ISO-8601 with a random zone offset (or Z), as any producer may write it. */
function isoWithOffset(epochMs: number, offsetMinutes: number): string {
  const local = new Date(epochMs + offsetMinutes * 60_000).toISOString().slice(0, -1);
  if (offsetMinutes === 0) return `${local}Z`;
  const magnitude = Math.abs(offsetMinutes);
  return `${local}${offsetMinutes < 0 ? '-' : '+'}${pad(Math.floor(magnitude / 60))}:${pad(magnitude % 60)}`;
}

const orderDate = (now: Date): fc.Arbitrary<string> =>
  fc
    .tuple(
      fc.integer({
        min: Date.parse(ORDER_BOUNDS.earliestOrderDate),
        max: now.getTime() + ORDER_BOUNDS.maxFutureMs,
      }),
      fc.integer({ min: -(23 * 60 + 59), max: 23 * 60 + 59 }),
    )
    .map(([epochMs, offset]) => isoWithOffset(epochMs, offset));

const text = fc.string({ unit: 'grapheme', maxLength: 40 });
const money = (max: number): fc.Arbitrary<number> =>
  fc.oneof(
    fc.integer({ min: 0, max: max * 100 }).map((cents) => cents / 100),
    fc.double({ min: 0, max, noNaN: true }),
  );
const prototypeKey = fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty');
const extras = fc.dictionary(
  fc.oneof(fc.string({ maxLength: 12 }), prototypeKey),
  fc.jsonValue({ maxDepth: 3 }),
  {
    maxKeys: 4,
  },
);

/** Own data properties, even for `__proto__` (spread and assignment would set the prototype instead). */
function withOwn(base: Record<string, unknown>, extra: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const source of [extra, base]) {
    for (const key of Object.keys(source)) {
      Object.defineProperty(result, key, {
        value: source[key],
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  }
  return result;
}

const line = fc
  .record({
    Email: text,
    ProductId: fc.oneof(fc.constantFrom(...movieIds), fc.maxSafeInteger()),
    Quantity: fc.integer({ min: 1, max: ORDER_BOUNDS.maxQuantity }),
    UnitPrice: money(ORDER_BOUNDS.maxUnitPrice),
  })
  .chain((l) => extras.map((e) => withOwn(l, e)));

/** An order within every bound, with random extra fields (prototype keys among them). */
export const validOrder = (now: Date): fc.Arbitrary<Order> =>
  fc
    .record(
      {
        OrderDate: orderDate(now),
        Details: fc.array(line, { minLength: 1, maxLength: ORDER_BOUNDS.maxLines }),
        Total: money(ORDER_BOUNDS.maxTotal),
        Region: fc.option(text),
        City: fc.option(text),
        PaymentTransactionId: fc.option(fc.string({ unit: 'grapheme', maxLength: 300 })),
        SMSOptIn: fc.option(fc.boolean()),
      },
      { requiredKeys: ['OrderDate', 'Details', 'Total'] },
    )
    .chain((order) => extras.map((e) => withOwn(order, e) as Order));

const extremeNumber = fc.oneof(
  fc.constantFrom(
    1e308,
    -1e308,
    Number.MAX_VALUE,
    Number.MIN_VALUE,
    Number.MAX_SAFE_INTEGER,
    2 ** 53 + 2,
    -0,
    NaN,
    Infinity,
    -Infinity,
    1e21,
    0.1 + 0.2,
    100.5,
    1000.01,
    100_000.001,
    -0.001,
    5e-324,
  ),
  fc.double(),
  fc.integer(),
);
const hostileString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.constantFrom(
    '',
    '\u0000',
    '\u202e\u200b',
    '\ud800',
    '9999-12-31T23:59:59-23:59',
    '0000-01-01T00:00:00Z',
    '+275760-09-13T00:00:00Z',
    '2026-11-30T00:00:00+23:59',
    '1e308',
    '__proto__',
    'x'.repeat(20_000),
  ),
);
/** An object nested `depth` levels, built iteratively. */
const deep = fc.integer({ min: 1, max: 2_000 }).map((depth) => {
  let value: unknown = 0;
  for (let i = 0; i < depth; i++) value = i % 2 === 0 ? { a: value } : [value];
  return value;
});
const hugeArray = fc.integer({ min: 0, max: 30_000 }).map((n) => new Array<number>(n).fill(0));
const hostileValue = fc.oneof(
  extremeNumber,
  hostileString,
  deep,
  hugeArray,
  fc.anything({ maxDepth: 3, withBigInt: true, withDate: true, withMap: true, withNullPrototype: true }),
);

const KNOWN = ['OrderDate', 'Details', 'Total', 'City', 'SMSOptIn', 'PaymentTransactionId'];
const LINE_FIELDS = ['Email', 'ProductId', 'Quantity', 'UnitPrice'];

/** Every way a producer may hand ingest a value (an object, JSON text, UTF-8 bytes, a JSON string body). */
function encode(value: unknown, how: number): unknown {
  try {
    const json = JSON.stringify(value);
    if (json === undefined || how === 0) return value;
    if (how === 1) return json;
    if (how === 2) return new TextEncoder().encode(json);
    return new TextEncoder().encode(JSON.stringify(json));
  } catch {
    return value; // a BigInt, or too deep for JSON.stringify: only an object body can carry it
  }
}

/** A valid order with one field, top-level or on a line, replaced by a hostile value. */
export const withHostileField = (now: Date): fc.Arbitrary<unknown> =>
  fc
    .tuple(
      validOrder(now),
      fc.oneof(
        fc.constantFrom(...KNOWN),
        prototypeKey,
        fc.constantFrom(...LINE_FIELDS.map((f) => `line.${f}`)),
      ),
      hostileValue,
      fc.integer({ min: 0, max: 3 }),
    )
    .map(([order, field, value, how]) => {
      if (field.startsWith('line.')) {
        const [first, ...rest] = order.Details;
        const details = [withOwn(first ?? {}, { [field.slice(5)]: value }), ...rest];
        return encode(withOwn(order, { Details: details }), how);
      }
      return encode(withOwn(order, { [field]: value }), how);
    });

const hostileText = fc.oneof(
  fc.integer({ min: 1, max: 100_000 }).map((n) => `${'['.repeat(n)}${']'.repeat(n)}`),
  fc.integer({ min: 1, max: 100_000 }).map((n) => `{"Details":[${'0,'.repeat(n)}0]}`),
  fc.constantFrom('', '{', 'null', '"{\\"a\\":1}"', '{"__proto__":{"x":1}}', '\uFEFF{}', '""'),
);

/** Anything at all: values of every JS type, random JSON, random bytes and broken or gigantic JSON text. */
export const hostileBody = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    fc
      .tuple(
        fc.anything({
          maxDepth: 4,
          withBigInt: true,
          withDate: true,
          withMap: true,
          withSet: true,
          withTypedArray: true,
          withSparseArray: true,
          withNullPrototype: true,
          withBoxedValues: true,
          withObjectString: true,
        }),
        fc.integer({ min: 0, max: 3 }),
      )
      .map(([value, how]) => encode(value, how)),
    fc.uint8Array({ maxLength: 200 }),
    fc.string({ unit: 'binary', maxLength: 200 }),
    hostileText,
    hostileText.map((t) => new TextEncoder().encode(t)),
  );
