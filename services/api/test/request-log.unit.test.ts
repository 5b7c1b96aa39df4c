import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import pino from 'pino';
import { lazyRequestLogger } from '../src/plugins/request-log.ts';

test('a lazy request logger writes its bindings, and a child of it both its own and the parent’s', () => {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
      done();
    },
  });
  const base = pino({ level: 'info', base: { service: 'api' } }, sink);
  const first = lazyRequestLogger(base, { reqId: 'req-1' }, {});
  const second = lazyRequestLogger(base, { reqId: 'req-2' }, {});
  second.info('second');
  first.child({ component: 'views' }).warn('grandchild');
  first.info('first');
  second.debug('below the level');
  assert.deepEqual(
    lines.map(({ msg, reqId, component, service }) => ({ msg, reqId, component, service })),
    [
      { msg: 'second', reqId: 'req-2', component: undefined, service: 'api' },
      { msg: 'grandchild', reqId: 'req-1', component: 'views', service: 'api' },
      { msg: 'first', reqId: 'req-1', component: undefined, service: 'api' },
    ],
  );
});
