import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hubsFromJson, normalizeHubs } from '../src/config.ts';
import { emulatorConnectionString } from '../src/connectionString.ts';
import { admit, type EpochMember } from '../src/hub/epochs.ts';
import { parseAddress } from '../src/server/address.ts';
import {
  InvalidFilterError,
  PositionOutOfRangeError,
  parseStartFilter,
  resolveStart,
} from '../src/server/startPosition.ts';

const bounds = {
  firstSequenceNumber: 10,
  nextSequenceNumber: 20,
  firstAfterTime: (t: number) => (t < 1000 ? 10 : t < 2000 ? 15 : 20),
};
const start = (filter: string | undefined): number => resolveStart(parseStartFilter(filter), bounds);

test('start positions from the SDK filter strings', () => {
  assert.equal(start("amqp.annotation.x-opt-offset > '-1'"), 10);
  assert.equal(start("amqp.annotation.x-opt-offset > '@latest'"), 20);
  assert.equal(start("amqp.annotation.x-opt-offset > '12'"), 13);
  assert.equal(start("amqp.annotation.x-opt-offset >= '12'"), 12);
  assert.equal(start("amqp.annotation.x-opt-sequence-number > '12'"), 13);
  assert.equal(start("amqp.annotation.x-opt-sequence-number >= '12'"), 12);
  assert.equal(
    start("amqp.annotation.x-opt-sequence-number > '2'"),
    10,
    'before retention starts at earliest',
  );
  assert.equal(start("amqp.annotation.x-opt-sequence-number > '19'"), 20);
  assert.equal(start("amqp.annotation.x-opt-enqueued-time > '1500'"), 15);
  assert.equal(start(undefined), 10);
  // The .NET SDK's forms: the same expressions with the value unquoted.
  assert.equal(start('amqp.annotation.x-opt-offset > -1'), 10);
  assert.equal(start('amqp.annotation.x-opt-offset >= 12'), 12);
  assert.equal(start('amqp.annotation.x-opt-sequence-number > 12'), 13);
  assert.equal(start('amqp.annotation.x-opt-enqueued-time > 1500'), 15);
  assert.throws(() => start("amqp.annotation.x-opt-sequence-number > '25'"), PositionOutOfRangeError);
  assert.throws(() => start('x > 1'), InvalidFilterError);
  assert.throws(() => start("amqp.annotation.x-opt-sequence-number > 'abc'"), InvalidFilterError);
});

test('epoch rules', () => {
  const m = (epoch: number | undefined): EpochMember => ({ epoch, steal: () => undefined });
  const plain = [m(undefined), m(undefined)];
  assert.deepEqual(admit(plain, undefined), { admitted: true, evicted: [] });
  const takeover = admit(plain, 0);
  assert.ok(takeover.admitted && takeover.evicted.length === 2);
  const same = admit([m(1)], 1);
  assert.ok(same.admitted && same.evicted.length === 1);
  assert.equal(admit([m(2)], 1).admitted, false);
  assert.equal(admit([m(0)], undefined).admitted, false);
});

test('link addresses', () => {
  assert.deepEqual(parseAddress('orders'), { kind: 'publish', hub: 'orders', partitionId: undefined });
  assert.deepEqual(parseAddress('orders/Partitions/2'), { kind: 'publish', hub: 'orders', partitionId: '2' });
  assert.deepEqual(parseAddress('orders/ConsumerGroups/$Default/Partitions/1'), {
    kind: 'consume',
    hub: 'orders',
    consumerGroup: '$Default',
    partitionId: '1',
  });
  assert.deepEqual(parseAddress('$cbs'), { kind: 'cbs' });
  assert.deepEqual(parseAddress('$management'), { kind: 'management' });
  assert.deepEqual(parseAddress('amqps://host/orders'), {
    kind: 'publish',
    hub: 'orders',
    partitionId: undefined,
  });
  assert.deepEqual(parseAddress('a/b/c/d'), { kind: 'invalid' });
  assert.deepEqual(parseAddress(undefined), { kind: 'invalid' });
});

test('hub configuration: defaults, $Default, Microsoft Config.json', () => {
  assert.deepEqual(normalizeHubs(undefined), [
    { name: 'orders', partitionCount: 4, consumerGroups: ['$Default'] },
    { name: 'clickstream', partitionCount: 4, consumerGroups: ['$Default'] },
  ]);
  assert.deepEqual(
    hubsFromJson({ hubs: [{ name: 'a', partitionCount: 2, consumerGroups: ['cg', '$default'] }] }),
    [{ name: 'a', partitionCount: 2, consumerGroups: ['$Default', 'cg'] }],
  );
  const microsoft = {
    UserConfig: {
      NamespaceConfig: [
        {
          Type: 'EventHub',
          Name: 'emulatorNs1',
          Entities: [{ Name: 'eh1', PartitionCount: '2', ConsumerGroups: [{ Name: 'cg1' }] }],
        },
      ],
    },
  };
  assert.deepEqual(hubsFromJson(microsoft), [
    { name: 'eh1', partitionCount: 2, consumerGroups: ['$Default', 'cg1'] },
  ]);
  assert.throws(() => normalizeHubs([{ name: 'a', partitionCount: 0 }]));
  assert.throws(() =>
    normalizeHubs([
      { name: 'a', partitionCount: 1 },
      { name: 'A', partitionCount: 1 },
    ]),
  );
  assert.throws(() => hubsFromJson({ nothing: true }));
});

test('connection string matches the Microsoft emulator format', () => {
  assert.equal(
    emulatorConnectionString(5672),
    'Endpoint=sb://localhost:5672;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=SAS_KEY_VALUE;UseDevelopmentEmulator=true;',
  );
});
