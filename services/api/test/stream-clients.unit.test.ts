// SseClients with a stand-in response whose socket buffer the test controls (a real socket's buffer
// only grows after the kernel's fills, which is megabytes on loopback).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { SseClients } from '../src/live/sse-clients.ts';

class FakeResponse extends EventEmitter {
  chunks: string[] = [];
  status = 0;
  headers: Record<string, string> = {};
  writableLength = 0;
  writableEnded = false;
  destroyed = false;
  socket: { destroyed: boolean } | null = { destroyed: false };
  writeHead(status: number, headers: Record<string, string>): this {
    this.status = status;
    this.headers = headers;
    return this;
  }
  write(chunk: string): boolean {
    this.chunks.push(chunk);
    return true;
  }
  end(): void {
    this.writableEnded = true;
    this.emit('close');
  }
  destroy(): void {
    this.destroyed = true;
    this.emit('close');
  }
}

const asResponse = (r: FakeResponse) => r as unknown as ServerResponse;

test('open writes the event-stream headers and the retry hint', () => {
  const clients = new SseClients({ retryMs: 1500 });
  const res = new FakeResponse();
  clients.open(asResponse(res), () => undefined);
  assert.equal(res.status, 200);
  assert.match(res.headers['content-type']!, /^text\/event-stream/);
  assert.equal(res.headers['x-accel-buffering'], 'no');
  assert.deepEqual(res.chunks, ['retry: 1500\n\n']);
  clients.closeAll();
});

test('broadcast writes id, event and data once per id', () => {
  const clients = new SseClients();
  const a = new FakeResponse();
  const b = new FakeResponse();
  clients.open(asResponse(a), () => undefined);
  const clientB = clients.open(asResponse(b), () => undefined);
  clientB.send(5, 'views', '{"n":5}');
  clients.broadcast(5, 'views', '{"n":5}');
  clients.broadcast(6, 'views', '{"n":6}');
  assert.deepEqual(a.chunks.slice(1), [
    'id: 5\nevent: views\ndata: {"n":5}\n\n',
    'id: 6\nevent: views\ndata: {"n":6}\n\n',
  ]);
  assert.deepEqual(b.chunks.slice(1), a.chunks.slice(1), 'no duplicate of id 5');
  clients.closeAll();
});

test('a client whose buffer is past the bound is dropped, the others still get the event', () => {
  const closed: string[] = [];
  const clients = new SseClients({ maxBufferedBytes: 1024 });
  const slow = new FakeResponse();
  const fast = new FakeResponse();
  clients.open(asResponse(slow), () => closed.push('slow'));
  clients.open(asResponse(fast), () => closed.push('fast'));
  slow.writableLength = 1025;
  clients.broadcast(1, 'views', '{}');
  assert.equal(slow.destroyed, true);
  assert.equal(slow.chunks.length, 1, 'nothing more was buffered for it');
  assert.equal(fast.chunks.length, 2);
  assert.deepEqual(closed, ['slow']);
  assert.equal(clients.size, 1);
  assert.equal(clients.dropped, 1);
  clients.closeAll();
});

test('heartbeats are comment lines', async () => {
  const clients = new SseClients({ heartbeatMs: 20 });
  const res = new FakeResponse();
  clients.open(asResponse(res), () => undefined);
  // Wait for two beats; a deadline, not a fixed sleep, so a loaded machine does not fail it.
  for (let waited = 0; res.chunks.slice(1).length < 2 && waited < 5_000; waited += 10) {
    await new Promise((r) => setTimeout(r, 10));
  }
  assert.ok(res.chunks.slice(1).length >= 2);
  assert.ok(res.chunks.slice(1).every((c) => /^: keep-alive \d+\n\n$/.test(c)));
  clients.closeAll();
});

test('a response whose socket is already gone is not kept', () => {
  const clients = new SseClients();
  const res = new FakeResponse();
  res.socket = { destroyed: true };
  let closed = 0;
  clients.open(asResponse(res), () => closed++);
  assert.equal(clients.size, 0);
  assert.equal(closed, 1);
  clients.closeAll();
});

test('closeAll ends every stream and forgets it', () => {
  const clients = new SseClients();
  const res = [new FakeResponse(), new FakeResponse()];
  for (const r of res) clients.open(asResponse(r), () => undefined);
  clients.closeAll();
  assert.ok(res.every((r) => r.writableEnded));
  assert.equal(clients.size, 0);
});

test('a stream opened after closeAll (shutdown under way) is ended at once and not kept', () => {
  const clients = new SseClients();
  clients.closeAll();
  const res = new FakeResponse();
  const client = clients.open(asResponse(res), () => undefined);
  assert.ok(res.writableEnded);
  assert.equal(clients.size, 0);
  assert.equal(client.send(1, 'views', '{}'), false);
});
