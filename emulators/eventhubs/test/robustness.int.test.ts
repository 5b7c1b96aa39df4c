// The one test that writes raw bytes: garbage on the socket must not take the emulator down.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { test } from 'node:test';
import { EventHubProducerClient } from '@azure/event-hubs';
import rhea from 'rhea';
import { startTestEmulator } from './helpers/emulator.ts';

const AMQP_HEADER = Buffer.from([0x41, 0x4d, 0x51, 0x50, 0x00, 0x01, 0x00, 0x00]);
const SASL_HEADER = Buffer.from([0x41, 0x4d, 0x51, 0x50, 0x03, 0x01, 0x00, 0x00]);

function blast(port: number, payload: Buffer): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(payload));
    socket.on('error', () => resolve());
    socket.on('close', () => resolve());
    socket.resume();
    setTimeout(() => {
      socket.destroy();
      resolve();
    }, 2000).unref();
  });
}

test('garbage on the socket is dropped and the emulator keeps serving', async () => {
  const emulator = await startTestEmulator();
  try {
    const payloads = [
      randomBytes(4096),
      Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'),
      Buffer.concat([AMQP_HEADER, Buffer.from([0, 0, 0, 0, 0, 0, 0, 0])]),
      Buffer.concat([AMQP_HEADER, Buffer.from([0, 0, 0, 3, 2, 0, 0, 0])]),
      Buffer.concat([AMQP_HEADER, Buffer.from([0xff, 0xff, 0xff, 0xff]), randomBytes(200_000)]),
      Buffer.concat([
        SASL_HEADER,
        Buffer.from([0, 0, 0, 16, 2, 1, 0, 0, 0, 0x53, 0x41, 0xd0, 0xff, 0, 0, 0]),
        randomBytes(64),
      ]),
      Buffer.concat([
        AMQP_HEADER,
        Buffer.from([0, 0, 0, 12, 2, 0, 0, 0, 0, 0x53, 0x10, 0x45]),
        randomBytes(512),
      ]),
    ];
    for (const payload of payloads) await blast(emulator.port, payload);
    for (let i = 0; i < 20; i++) await blast(emulator.port, Buffer.concat([AMQP_HEADER, randomBytes(300)]));

    const producer = new EventHubProducerClient(emulator.connectionString, 'orders');
    await producer.sendBatch([{ body: 'still alive' }], { partitionId: '0' });
    assert.equal((await producer.getPartitionProperties('0')).lastEnqueuedSequenceNumber, 0);
    await producer.close();
  } finally {
    await emulator.close();
  }
});

test('an unreadable frame on an open connection is answered with amqp:decode-error', async () => {
  const emulator = await startTestEmulator();
  try {
    const container = rhea.create_container();
    const connection = container.connect({ host: '127.0.0.1', port: emulator.port, reconnect: false });
    await once(connection, 'connection_open');
    const closed = new Promise<unknown>((resolve) => {
      connection.on('connection_close', (ctx) => resolve(ctx.connection.error));
      connection.on('connection_error', (ctx) => resolve(ctx.connection.error));
      connection.on('disconnected', () => resolve(undefined));
    });
    const socket = (connection as unknown as { socket: Socket }).socket;
    socket.write(Buffer.from([0, 0, 0, 16, 2, 0, 0, 0, 0, 0x53, 0x12, 0xd0, 0xff, 0xff, 0xff, 0xff]));
    const error = (await closed) as { condition?: string } | undefined;
    assert.equal(error?.condition, 'amqp:decode-error');

    const producer = new EventHubProducerClient(emulator.connectionString, 'orders');
    assert.equal((await producer.getEventHubProperties()).name, 'orders');
    await producer.close();
  } finally {
    await emulator.close();
  }
});
