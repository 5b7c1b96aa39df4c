import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyBatch } from '../src/index.ts';

const receivedAt = new Date('2026-11-22T10:00:00.000Z');
const order = {
  Region: 'West',
  OrderDate: '2026-11-22T09:59:00Z',
  Email: 'ana@example.com',
  Total: 9.98,
  PaymentTransactionId: 'tx-1',
  Details: [{ Email: 'ana@example.com', ProductId: 397518, Quantity: 2, UnitPrice: 4.99 }],
};
const bytes = (value: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(value));

test('a valid order becomes a stored event keyed by its transaction id, with its position', () => {
  const { valid, invalid } = classifyBatch(
    [{ body: bytes(order), sequenceNumber: 7, offset: '700' }],
    '2',
    receivedAt,
  );
  assert.equal(invalid.length, 0);
  assert.equal(valid.length, 1);
  assert.equal(valid[0]?.id, 'tx-1');
  assert.equal(valid[0]?.type, 'OrderPlaced');
  assert.deepEqual(valid[0]?.source, { partitionId: '2', sequenceNumber: 7, offset: '700' });
  assert.equal(valid[0]?.receivedAt, receivedAt.toISOString());
});

test('bad events become dead letters with every reason and the raw body', () => {
  const broken = { ...order, OrderDate: 'yesterday', Total: -1 };
  const notUtf8 = new Uint8Array([0xff, 0xfe, 0x00]);
  const { valid, invalid } = classifyBatch(
    [
      { body: bytes(broken), sequenceNumber: 1, offset: '1' },
      { body: notUtf8, sequenceNumber: 2, offset: '2' },
      { body: new TextEncoder().encode('{"Total":'), sequenceNumber: 3, offset: '3' },
    ],
    '0',
    receivedAt,
  );
  assert.equal(valid.length, 0);
  assert.equal(invalid.length, 3);
  const [first, second, third] = invalid;
  assert.equal(first?.id, '0-1');
  assert.ok((first?.reasons.length ?? 0) >= 2, 'both the date and the total are named');
  assert.equal(first?.rawText, JSON.stringify(broken));
  assert.equal(second?.rawBase64, Buffer.from(notUtf8).toString('base64'));
  assert.equal(third?.rawText, '{"Total":');
});

test('the same order read twice gets the same id, so the store keeps one', () => {
  const { valid } = classifyBatch(
    [
      { body: bytes({ ...order, PaymentTransactionId: '' }), sequenceNumber: 1, offset: '1' },
      { body: bytes({ ...order, PaymentTransactionId: '' }), sequenceNumber: 9, offset: '9' },
    ],
    '1',
    receivedAt,
  );
  assert.equal(valid.length, 2);
  assert.equal(valid[0]?.id, valid[1]?.id);
});

const click = {
  sessionId: 's-9',
  customer: 'ana@example.com',
  movieId: 397518,
  timestamp: '2026-11-22T09:58:00Z',
  device: 'mobile',
};

test('clicks are told apart by their type property, and an older version is stored upcast', () => {
  const { valid, invalid } = classifyBatch(
    [
      { body: bytes(click), sequenceNumber: 1, offset: '1', properties: { type: 'AddedToCart' } },
      {
        body: bytes({ ...click, device: undefined }),
        sequenceNumber: 2,
        offset: '2',
        properties: { type: 'ProductViewed', schemaVersion: 1 },
      },
      { body: bytes(order), sequenceNumber: 3, offset: '3' },
    ],
    '0',
    receivedAt,
  );
  assert.equal(invalid.length, 0);
  assert.deepEqual(
    valid.map((e) => [e.type, e.schemaVersion, e.upcastFrom]),
    [
      ['AddedToCart', 1, undefined],
      ['ProductViewed', 2, 1],
      ['OrderPlaced', 1, undefined],
    ],
  );
  assert.equal(valid[1]?.type === 'ProductViewed' && valid[1].data.device, 'unknown');
});

test('an unknown type or version, or no type on a hub without a default, takes the one dead-letter path', () => {
  const { valid, invalid } = classifyBatch(
    [
      { body: bytes(click), sequenceNumber: 1, offset: '1', properties: { type: 'MovieRated' } },
      {
        body: bytes(click),
        sequenceNumber: 2,
        offset: '2',
        properties: { type: 'AddedToCart', schemaVersion: 9 },
      },
      { body: bytes(click), sequenceNumber: 3, offset: '3' },
    ],
    '1',
    receivedAt,
    { defaultType: undefined },
  );
  assert.equal(valid.length, 0);
  assert.deepEqual(
    invalid.map((letter) => [letter.id, letter.reasonGroup, letter.declared]),
    [
      ['1-1', 'event type is not registered', { type: 'MovieRated' }],
      ['1-2', 'AddedToCart schema version is not registered', { type: 'AddedToCart', schemaVersion: 9 }],
      ['1-3', 'event type missing: set the application property type', undefined],
    ],
  );
});

test('with several hubs, the hub is part of the source and of the dead-letter id, so equal positions stay apart', () => {
  const events = [
    { body: bytes(order), sequenceNumber: 7, offset: '700' },
    { body: bytes({ nope: true }), sequenceNumber: 8, offset: '800' },
  ];
  const one = classifyBatch(events, '0', receivedAt, {
    defaultType: 'OrderPlaced',
    eventHub: 'orders-region1',
  });
  const two = classifyBatch(events, '0', receivedAt, {
    defaultType: 'OrderPlaced',
    eventHub: 'orders-region2',
  });
  assert.equal(one.valid[0]?.source.eventHub, 'orders-region1');
  // The order is the same purchase whichever region it came through: one id, stored once.
  assert.equal(one.valid[0]?.id, two.valid[0]?.id);
  assert.equal(one.invalid[0]?.id, 'orders-region1-0-8');
  assert.equal(two.invalid[0]?.id, 'orders-region2-0-8');
  assert.equal(classifyBatch(events, '0', receivedAt).invalid[0]?.id, '0-8');
});
