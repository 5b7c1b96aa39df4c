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
