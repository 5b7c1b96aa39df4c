import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Container } from '@azure/cosmos';
import { ChangeFeedProcessorBuilder, createChangeFeedProcessor } from '../src/index.ts';

const container = {} as Container; // build() does no I/O; start() would

test('the builder requires containers, a processor name and a handler', () => {
  assert.throws(() => new ChangeFeedProcessorBuilder().build(), /monitoredContainer/);
  const built = new ChangeFeedProcessorBuilder<{ id: string }>()
    .monitoredContainer(container)
    .leaseContainer(container)
    .processorName('projector')
    .instanceName('host-1')
    .handler(async () => {})
    .build();
  assert.equal(built.processorName, 'projector');
  assert.equal(built.instanceName, 'host-1');
  assert.equal(built.getStatus().state, 'stopped');
});

test('changing the mode after the handler was typed for another mode is refused', () => {
  const builder = new ChangeFeedProcessorBuilder<{ id: string }>().handler(async () => {});
  assert.throws(() => builder.options({ mode: 'allVersionsAndDeletes' }), /call options\(\{ mode \}\) first/);
});

test('processor names that cannot be part of a Cosmos id are refused', () => {
  const config = { monitoredContainer: container, leaseContainer: container, handler: async () => {} };
  assert.throws(() => createChangeFeedProcessor({ ...config, processorName: 'a/b' }), TypeError);
  assert.throws(() => createChangeFeedProcessor({ ...config, processorName: '' }), TypeError);
  assert.match(createChangeFeedProcessor({ ...config, processorName: 'ok' }).instanceName, /:\d+$/);
});

test('invalid option combinations fail at build time', () => {
  assert.throws(
    () =>
      createChangeFeedProcessor({
        monitoredContainer: container,
        leaseContainer: container,
        processorName: 'p',
        handler: async () => {},
        options: { leaseRenewIntervalMs: 10_000, leaseExpirationMs: 15_000 },
      }),
    RangeError,
  );
});
