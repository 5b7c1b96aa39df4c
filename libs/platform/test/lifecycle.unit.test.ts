import { EventEmitter } from 'node:events';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import pino from 'pino';
import { ServiceLifecycle } from '../src/index.ts';

test('parts close in reverse start order, once, even when one fails', async () => {
  const closed: string[] = [];
  const lifecycle = new ServiceLifecycle(pino({ level: 'silent' }));
  lifecycle.add('client', { close: async () => void closed.push('client') });
  lifecycle.add('consumer', {
    close: async () => {
      closed.push('consumer');
      throw new Error('boom');
    },
  });
  lifecycle.add('http', { close: async () => void closed.push('http') });
  assert.equal(await lifecycle.shutdown('test'), true);
  assert.equal(await lifecycle.shutdown('again'), true);
  assert.deepEqual(closed, ['http', 'consumer', 'client']);
});

test('a part that hangs past the grace period makes shutdown report failure', async () => {
  const lifecycle = new ServiceLifecycle(pino({ level: 'silent' }), { graceMs: 20 });
  lifecycle.add('stuck', { close: () => new Promise<void>(() => undefined) });
  assert.equal(await lifecycle.shutdown('test'), false);
});

test('a crash before started() is logged as a failed start, one after it as an uncaught exception; both exit 1', async () => {
  for (const started of [false, true]) {
    const lines: { msg: string }[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    const lifecycle = new ServiceLifecycle(logger);
    const proc = new EventEmitter() as unknown as NodeJS.Process;
    const exited = new Promise<number>((resolve) => ((proc as { exit: unknown }).exit = resolve));
    lifecycle.handleSignals(proc);
    if (started) lifecycle.started();
    proc.emit('uncaughtException', new Error('socket hang up'));
    assert.equal(await exited, 1);
    assert.equal(lines[0]?.msg, started ? 'uncaught exception' : 'could not start');
  }
});
