// The schema registry: every type's versions are schema files in the repo, each older version has an
// upcaster, unknown types and versions are refused with a reason, and OrderPlaced behaves exactly as before.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  compileSchema,
  EVENT_REGISTRY,
  isClickstreamEvent,
  productViewedV1ToV2,
  REGISTERED_TYPES,
  toStoredEvent,
  toTelemetryEvent,
  validateEvent,
  validateOrder,
} from '../src/index.ts';
import { hostileBody, validOrder, withHostileField } from './arbitraries.ts';
import { SOURCE } from './fixtures.ts';

const now = new Date('2026-11-30T04:00:00.000Z');
const schemasDir = new URL('../schemas/', import.meta.url);
const view = {
  sessionId: 's-1',
  customer: 'ana@example.com',
  movieId: 397518,
  timestamp: '2026-11-30T03:59:00Z',
};
const bytes = (value: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(value));

describe('the registry', () => {
  test('holds exactly the schema files in libs/domain/schemas, each named by its $id', () => {
    const onDisk = readdirSync(schemasDir).flatMap((type) =>
      readdirSync(new URL(`${type}/`, schemasDir)).map((file) => `${type}/${file}`),
    );
    const registered = REGISTERED_TYPES.flatMap((type) =>
      Object.keys(EVENT_REGISTRY[type]?.versions ?? {}).map((v) => `${type}/v${v}.json`),
    );
    assert.deepEqual(onDisk.sort(), registered.sort());
    for (const file of onDisk) {
      const schema = JSON.parse(readFileSync(new URL(file, schemasDir), 'utf8')) as { $id: string };
      assert.ok(schema.$id.endsWith(`/schemas/${file}`), `${file} has $id ${schema.$id}`);
    }
  });

  test('every version below the current one has an upcaster, and the current version exists', () => {
    for (const [type, entry] of Object.entries(EVENT_REGISTRY)) {
      assert.ok(entry.versions[entry.current], `${type} v${entry.current} registered`);
      for (let v = 1; v < entry.current; v++)
        assert.equal(typeof entry.upcasters[v], 'function', `${type} v${v}`);
    }
  });

  test('ProductViewed v1 → v2 adds the unknown device and keeps everything else, without touching its input', () => {
    const v1 = { ...view, referrer: 'newsletter' };
    const before = structuredClone(v1);
    assert.deepEqual(productViewedV1ToV2(v1), { ...v1, device: 'unknown' });
    assert.deepEqual(v1, before);
  });
});

describe('validateEvent', () => {
  test('an unknown type, a missing type and an unknown version are refused with a stable first reason', () => {
    const unknown = validateEvent(bytes(view), { type: 'MovieRated' }, { now });
    assert.deepEqual(unknown.ok ? [] : unknown.reasons.slice(0, 2), [
      'event type is not registered',
      'type was "MovieRated"',
    ]);
    const missing = validateEvent(bytes(view), {}, { now, defaultType: undefined });
    assert.equal(
      missing.ok ? '' : missing.reasons[0],
      'event type missing: set the application property type',
    );
    const version = validateEvent(bytes(view), { type: 'AddedToCart', schemaVersion: 3 }, { now });
    assert.deepEqual(version.ok ? [] : version.reasons, [
      'AddedToCart schema version is not registered',
      'schemaVersion was "3"; registered: 1',
    ]);
    const proto = validateEvent(bytes(view), { type: '__proto__' }, { now });
    assert.equal(proto.ok, false);
  });

  test('an older version is validated against its own schema and upcast to the current one', () => {
    const result = validateEvent(bytes(view), { type: 'ProductViewed', schemaVersion: '1' }, { now });
    assert.ok(result.ok);
    assert.equal(result.receivedVersion, 1);
    assert.equal(result.schemaVersion, 2);
    const event = toTelemetryEvent(result, { receivedAt: now, source: SOURCE });
    assert.equal(event.upcastFrom, 1);
    assert.equal(event.occurredAt, '2026-11-30T03:59:00.000Z');
    assert.ok(isClickstreamEvent(event));
    // The current version requires what v1 lacked.
    const v2 = validateEvent(bytes(view), { type: 'ProductViewed', schemaVersion: 2 }, { now });
    assert.deepEqual(v2.ok ? [] : v2.reasons, ['device is required']);
  });

  test('a click lists every reason: schema, calendar and clock window', () => {
    const bad = { ...view, movieId: '397518', device: '', timestamp: '2026-02-30T10:00:00Z' };
    const result = validateEvent(bytes(bad), { type: 'CheckoutStarted' }, { now });
    assert.deepEqual(result.ok ? [] : result.reasons.sort(), [
      'device must NOT have fewer than 1 characters',
      'movieId must be integer',
      'timestamp is not a real date and time',
    ]);
    const future = validateEvent(
      bytes({ ...view, device: 'tv', timestamp: '2026-12-02T00:00:00Z' }),
      { type: 'AddedToCart' },
      { now },
    );
    assert.deepEqual(future.ok ? [] : future.reasons, [
      'timestamp must not be more than a day after the event is received',
    ]);
  });

  test('never throws on hostile payloads declared as clicks; whatever it accepts is a well-formed click', () => {
    fc.assert(
      fc.property(
        fc.oneof(hostileBody(), withHostileField(now)),
        fc.constantFrom('ProductViewed', 'AddedToCart'),
        (raw, type) => {
          const result = validateEvent(raw, { type, schemaVersion: 1 }, { now });
          if (result.ok)
            assert.ok(isClickstreamEvent(toTelemetryEvent(result, { receivedAt: now, source: SOURCE })));
        },
      ),
      { seed: 18, numRuns: 100 },
    );
  });

  test('the same click sent twice gets the same id; a different click does not', () => {
    const ids = [view, view, { ...view, movieId: 397519 }].map((data) => {
      const result = validateEvent(bytes({ ...data, device: 'mobile' }), { type: 'AddedToCart' }, { now });
      assert.ok(result.ok);
      return toTelemetryEvent(result, { receivedAt: now, source: SOURCE }).id;
    });
    assert.equal(ids[0], ids[1]);
    assert.notEqual(ids[0], ids[2]);
  });
});

describe('OrderPlaced on the registry', () => {
  const params = { seed: 18, numRuns: 100 };
  const orderSchema = compileSchema(EVENT_REGISTRY.OrderPlaced?.versions[1]?.schema ?? {});

  test('judges every payload exactly as validateOrder, and stores the same envelope', () => {
    const payload = fc.oneof(validOrder(now), withHostileField(now), hostileBody());
    fc.assert(
      fc.property(payload, (raw) => {
        const before = validateOrder(raw, { now });
        const after = validateEvent(raw, {}, { now, defaultType: 'OrderPlaced' });
        if (!before.ok) return assert.deepEqual(after, before);
        assert.ok(after.ok);
        assert.deepEqual(
          toTelemetryEvent(after, { receivedAt: now, source: SOURCE }),
          toStoredEvent(before.order, { receivedAt: now, source: SOURCE }),
        );
      }),
      params,
    );
  });

  test('its JSON Schema accepts every order validateOrder accepts', () => {
    fc.assert(
      fc.property(validOrder(now), (order) => {
        assert.ok(validateOrder(order, { now }).ok);
        assert.ok(orderSchema(order), JSON.stringify(orderSchema.errors));
      }),
      params,
    );
  });

  test('its JSON Schema refuses what validateOrder refuses for a type or a bound', () => {
    const base = validOrder(now);
    const broken = [
      (o: Record<string, unknown>) => ({ ...o, Total: -1 }),
      (o: Record<string, unknown>) => ({ ...o, Details: [] }),
      (o: Record<string, unknown>) => ({ ...o, OrderDate: '2026-11-29' }),
      (o: Record<string, unknown>) => ({ ...o, City: 42 }),
      (o: Record<string, unknown>) => ({
        ...o,
        Details: [{ Email: 'a@b', ProductId: 1, Quantity: 101, UnitPrice: 1 }],
      }),
    ];
    fc.assert(
      fc.property(base, fc.integer({ min: 0, max: broken.length - 1 }), (order, i) => {
        const bad = (broken[i] as (o: Record<string, unknown>) => unknown)(order);
        assert.equal(validateOrder(bad, { now }).ok, false);
        assert.equal(orderSchema(bad), false);
      }),
      params,
    );
  });
});
