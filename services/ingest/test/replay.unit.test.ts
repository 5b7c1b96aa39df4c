import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planReplay } from '../src/deadletters/replay.ts';
import type { StoredDeadLetter } from '../src/dead-letter-writer.ts';

const order = {
  OrderDate: '2026-11-22T09:59:00Z',
  Total: 4.99,
  PaymentTransactionId: 'tx-9',
  Details: [{ Email: 'a@b.c', ProductId: 397518, Quantity: 1, UnitPrice: 4.99 }],
};
const letter = (body: Partial<StoredDeadLetter>): StoredDeadLetter => ({
  id: '2-17',
  reasons: ['event must be a JSON object'],
  reasonCount: 1,
  reasonGroup: 'event must be a JSON object',
  source: { partitionId: '2', sequenceNumber: 17, offset: '1700' },
  receivedAt: '2026-11-22T10:00:00.000Z',
  ...body,
});

test('a dead letter that now passes becomes the event ingest would have stored: same id, time and position', () => {
  const plan = planReplay(letter({}), JSON.stringify(JSON.stringify(order)));
  assert.ok(plan.ok);
  assert.equal(plan.event.id, 'tx-9');
  assert.equal(plan.event.receivedAt, '2026-11-22T10:00:00.000Z');
  assert.deepEqual(plan.event.source, { partitionId: '2', sequenceNumber: 17, offset: '1700' });
  assert.deepEqual(plan.event.data, order);
});

test('the OrderDate window is judged against the original arrival, not the replay clock', () => {
  const early = letter({ receivedAt: '2026-11-20T00:00:00.000Z' });
  const plan = planReplay(early, Buffer.from(JSON.stringify(order)));
  assert.deepEqual(plan, {
    ok: false,
    reasons: ['OrderDate must not be more than a day after the order is received'],
  });
});

test('a body still invalid, or not kept, says why', () => {
  assert.deepEqual(planReplay(letter({}), '{'), { ok: false, reasons: ['body is not valid JSON'] });
  assert.deepEqual(planReplay(letter({ rawDropped: 'blob refused' }), undefined), {
    ok: false,
    reasons: ['the body was not kept (blob refused)'],
  });
});
