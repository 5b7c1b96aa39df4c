import assert from 'node:assert/strict';
import { test } from 'node:test';
import rhea from 'rhea';
import { MalformedAmqpError } from '../src/amqp/codec.ts';
import { BATCH_MESSAGE_FORMAT, parseTransfer } from '../src/amqp/incoming.ts';
import { storedSize, withRuntimeInfo, writeStored } from '../src/amqp/stored.ts';

const { message, types } = rhea;

/** What rhea's decode gives back, loosely: the tests only read a few known fields. */
interface Decoded {
  durable?: boolean;
  message_id?: unknown;
  application_properties: Record<string, unknown>;
  message_annotations: Record<string, unknown>;
  delivery_annotations: Record<string, unknown>;
  body: { content: Buffer };
}

/** Encodes events the way the SDK does for sendBatch: an envelope of data sections. */
function envelope(events: Record<string, unknown>[], annotations?: Record<string, unknown>): Buffer {
  const body = message.data_sections(events.map((e) => message.encode(e as never)));
  return message.encode({ body, ...(annotations ? { message_annotations: annotations } : {}) });
}

function store(buf: Buffer, index: number, seq: number, time: number): Buffer {
  const batch = parseTransfer(buf, BATCH_MESSAGE_FORMAT);
  const ev = batch.events[index]!;
  const out = Buffer.alloc(storedSize(ev, String(seq)));
  const end = writeStored(out, 0, batch.buf, ev, seq, String(seq), time);
  assert.equal(end, out.length);
  return out;
}

test('splices service annotations and keeps properties, application properties and body byte for byte', () => {
  const ev = {
    message_id: 'm-1',
    content_type: 'application/json',
    application_properties: { small: 1, wide: types.wrap_long(2 ** 40), text: 'x' },
    message_annotations: {},
    body: message.data_section(Buffer.from('{"a":1}')),
  };
  const buf = envelope([ev, { body: message.data_section(Buffer.from('second')) }]);
  const stored = store(buf, 0, 41, 1_700_000_000_123);
  const decoded = message.decode(stored) as unknown as Decoded;
  assert.equal(decoded.message_annotations['x-opt-sequence-number'], 41);
  assert.equal(decoded.message_annotations['x-opt-offset'], '41');
  assert.equal(
    new Date(decoded.message_annotations['x-opt-enqueued-time'] as Date).getTime(),
    1_700_000_000_123,
  );
  assert.equal(decoded.message_id, 'm-1');
  assert.equal(decoded.application_properties.wide, 2 ** 40);
  assert.deepEqual(decoded.body.content, Buffer.from('{"a":1}'));
  // The long stays a long (0x81), as the service sends it.
  assert.ok(stored.includes(Buffer.from([0x81, 0, 0, 0, 0, 0, 0, 0, 41])));
  // Everything after the annotations is the producer's bytes.
  const original = message.encode(ev);
  const tail = original.subarray(original.indexOf(Buffer.from([0x00, 0x53, 0x73])));
  assert.ok(stored.subarray(stored.length - tail.length).equals(tail));
});

test('keeps the partition key and other producer annotations, replaces service-owned ones', () => {
  const ev = {
    durable: true,
    message_annotations: { 'x-opt-partition-key': 'customer-7', 'x-opt-offset': 'forged', custom: 5 },
    body: message.data_section(Buffer.from('b')),
  };
  const buf = envelope([ev], { 'x-opt-partition-key': 'customer-7' });
  assert.equal(parseTransfer(buf, BATCH_MESSAGE_FORMAT).partitionKey, 'customer-7');
  const decoded = message.decode(store(buf, 0, 3, 10)) as unknown as Decoded;
  assert.equal(decoded.durable, true);
  assert.equal(decoded.message_annotations['x-opt-partition-key'], 'customer-7');
  assert.equal(decoded.message_annotations['x-opt-offset'], '3');
  assert.equal(decoded.message_annotations.custom, 5);
});

test('adds runtime metrics as delivery annotations after the header', () => {
  const buf = envelope([{ durable: true, body: message.data_section(Buffer.from('b')) }]);
  const withInfo = withRuntimeInfo(store(buf, 0, 0, 10), {
    lastSequenceNumber: 9,
    lastEnqueuedTimeMs: 20,
    retrievalTimeMs: 30,
  });
  const decoded = message.decode(withInfo) as unknown as Decoded;
  assert.equal(decoded.durable, true);
  assert.equal(decoded.delivery_annotations.last_enqueued_sequence_number, 9);
  assert.equal(decoded.delivery_annotations.last_enqueued_offset, '9');
  assert.equal(new Date(decoded.delivery_annotations.runtime_info_retrieval_time_utc as Date).getTime(), 30);
  assert.equal(decoded.message_annotations['x-opt-sequence-number'], 0);
});

test('a plain (format 0) message is one event', () => {
  const buf = message.encode({ body: 'hello', message_annotations: { 'x-opt-partition-key': 'k' } });
  const batch = parseTransfer(buf, 0);
  assert.equal(batch.events.length, 1);
  assert.equal(batch.partitionKey, 'k');
});

test('garbage is reported as malformed, never as another error', () => {
  for (const bytes of [
    [0x00, 0x53, 0x75, 0xb0, 0xff, 0xff, 0xff, 0xff],
    [0x01, 0x02],
    [0x00, 0x53, 0x72, 0xc1, 0x09],
  ]) {
    assert.throws(() => parseTransfer(Buffer.from(bytes), BATCH_MESSAGE_FORMAT), MalformedAmqpError);
  }
  assert.throws(() => parseTransfer(Buffer.alloc(0), BATCH_MESSAGE_FORMAT), MalformedAmqpError);
});
