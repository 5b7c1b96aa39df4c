import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deadLetterId, toDeadLetter } from '../src/index.ts';
import { RECEIVED_AT, SOURCE } from './fixtures.ts';

const arrival = { receivedAt: RECEIVED_AT, source: SOURCE };

test('valid UTF-8 bytes are kept as text', () => {
  const body = new TextEncoder().encode('{"OrderDate":"soon","City":"Zürich"}');
  assert.deepEqual(toDeadLetter(body, ['OrderDate must be an ISO-8601 instant'], arrival), {
    id: '3-42',
    reasons: ['OrderDate must be an ISO-8601 instant'],
    reasonCount: 1,
    reasonGroup: 'OrderDate must be an ISO-8601 instant',
    rawText: '{"OrderDate":"soon","City":"Zürich"}',
    source: { partitionId: '3', sequenceNumber: 42, offset: '8192' },
    receivedAt: '2026-03-08T15:00:00.000Z',
  });
});

test('bytes that are not valid UTF-8 are kept as base64, byte for byte', () => {
  const body = new Uint8Array([0x7b, 0xff, 0xfe, 0x00, 0x7d]);
  const letter = toDeadLetter(body, ['body is not valid UTF-8'], arrival);
  assert.equal(letter.rawText, undefined);
  assert.equal(letter.rawBase64, 'e//+AH0=');
  assert.deepEqual(new Uint8Array(Buffer.from(letter.rawBase64 ?? '', 'base64')), body);
  assert.equal(toDeadLetter(body.buffer, ['x'], arrival).rawBase64, 'e//+AH0=');
});

test('a string body is kept as is, an already-parsed body as JSON text', () => {
  assert.equal(toDeadLetter('not json', ['body is not valid JSON'], arrival).rawText, 'not json');
  assert.equal(toDeadLetter([1, 2], ['event must be a JSON object'], arrival).rawText, '[1,2]');
});

test('the id comes from the Event Hubs position, so a replay overwrites instead of doubling', () => {
  const first = toDeadLetter('x', ['a'], arrival);
  const replay = toDeadLetter('x', ['a'], { receivedAt: new Date('2026-03-09T00:00:00Z'), source: SOURCE });
  assert.equal(first.id, replay.id);
  assert.equal(deadLetterId({ partitionId: '0', sequenceNumber: 7 }), '0-7');
  const other = toDeadLetter('x', ['a'], { ...arrival, source: { ...SOURCE, sequenceNumber: 43 } });
  assert.notEqual(other.id, first.id);
});
