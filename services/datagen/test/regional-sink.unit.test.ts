import { test } from 'node:test';
import assert from 'node:assert/strict';
import pino from 'pino';
import type { GeneratedEvent } from '../src/generate/index.ts';
import { RegionalSink, type HubSink, type PendingGroup } from '../src/send/index.ts';

const events = (from: number, n: number): GeneratedEvent[] =>
  Array.from({ length: n }, (_, i) => ({ seq: from + i }) as unknown as GeneratedEvent);

/** A hub that takes batches of `batch` events until `failAfter` batches, then fails every send. */
function hub(failAfter = Infinity, batch = 2) {
  const got: number[] = [];
  let batches = 0;
  const sink: HubSink = {
    async send(group: PendingGroup, onSent) {
      for (let i = 0; i < group.events.length; i += batch) {
        if (batches >= failAfter) throw new Error('region down');
        batches++;
        const part = group.events.slice(i, i + batch);
        got.push(...part.map((e) => e.seq));
        await onSent(part);
      }
    },
  };
  return { sink, got };
}

test('groups alternate between the hubs, as Contoso’s generator alternates regions', async () => {
  const [a, b] = [hub(), hub()];
  const sink = new RegionalSink({
    hubs: [
      { name: 'a', sink: a.sink },
      { name: 'b', sink: b.sink },
    ],
    logger: pino({ level: 'silent' }),
    nowMs: () => 0,
  });
  const where: string[] = [];
  for (let g = 0; g < 4; g++)
    await sink.send(
      { partitionKey: undefined, events: events(g * 10, 2) },
      (_, name) => void where.push(name),
    );
  assert.deepEqual(where, ['a', 'b', 'a', 'b']);
  assert.deepEqual(sink.totals, { perHub: { a: 4, b: 4 }, failovers: 0 });
});

test('a hub that fails mid-group hands the unsent rest to the next, and is skipped until its cooldown ends', async () => {
  let now = 0;
  const [a, b] = [hub(1), hub()];
  const sink = new RegionalSink({
    hubs: [
      { name: 'a', sink: a.sink },
      { name: 'b', sink: b.sink },
    ],
    logger: pino({ level: 'silent' }),
    cooldownMs: 1_000,
    nowMs: () => now,
  });
  await sink.send({ partitionKey: undefined, events: events(0, 6) }, () => {});
  assert.deepEqual(a.got, [0, 1], 'the first batch went to a');
  assert.deepEqual(b.got, [2, 3, 4, 5], 'the rest to b, nothing twice, nothing dropped');
  await sink.send({ partitionKey: undefined, events: events(10, 2) }, () => {}); // b's turn
  await sink.send({ partitionKey: undefined, events: events(20, 2) }, () => {}); // a's turn, a cooling down
  assert.deepEqual(b.got.slice(4), [10, 11, 20, 21]);
  assert.equal(sink.totals.failovers, 1, 'a was not tried while cooling down');
  now = 2_000;
  await sink.send({ partitionKey: undefined, events: events(30, 2) }, () => {}); // b's turn
  await sink.send({ partitionKey: undefined, events: events(40, 2) }, () => {}); // a's turn: tried again
  assert.equal(sink.totals.failovers, 2, 'a was tried again after its cooldown, and failed over again');
  assert.deepEqual(sink.totals.perHub, { a: 2, b: 12 });
});

test('when every hub fails, the error reaches the caller', async () => {
  const sink = new RegionalSink({
    hubs: [
      { name: 'a', sink: hub(0).sink },
      { name: 'b', sink: hub(0).sink },
    ],
    logger: pino({ level: 'silent' }),
    nowMs: () => 0,
  });
  await assert.rejects(
    sink.send({ partitionKey: undefined, events: events(0, 2) }, () => {}),
    /region down/,
  );
});
