import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { GeneratedEvent } from '../src/generate/index.ts';
import type { PendingGroup } from '../src/send/keyed-buffers.ts';
import { runSendLoop } from '../src/send/send-loop.ts';
import type { SendLoopOptions } from '../src/send/send-loop.ts';

/** A fake monotonic clock, a sink that records, and a generator that stamps each event with the fake time. */
function harness(options: { keys?: number; sendMs?: number; stopAfterSends?: number } = {}) {
  let now = 0;
  const stamps: number[] = [];
  const sends: { atMs: number; group: PendingGroup }[] = [];
  const stop = new AbortController();
  let seq = 0;
  const deps: Pick<SendLoopOptions, 'generator' | 'sink' | 'nowMs' | 'sleep' | 'stop'> = {
    generator: {
      next: (): GeneratedEvent => {
        stamps.push(now);
        const n = seq++;
        const key = options.keys === undefined ? undefined : `k${n % options.keys}`;
        return {
          seq: n,
          kind: 'valid',
          body: Buffer.from(`{"n":${n}}`),
          ...(key === undefined ? {} : { partitionKey: key }),
        };
      },
    },
    sink: async (group) => {
      sends.push({ atMs: now, group });
      now += options.sendMs ?? 0;
      if (options.stopAfterSends !== undefined && sends.length >= options.stopAfterSends) stop.abort();
    },
    nowMs: () => now,
    sleep: async (ms, signal) => {
      if (signal.aborted) throw new Error('aborted');
      now += ms;
    },
    stop: stop.signal,
  };
  const sent = (): GeneratedEvent[] => sends.flatMap((s) => s.group.events);
  return { deps, stamps, sends, sent, now: () => now, stop };
}

test('paced: holds the rate, sends at every tick, and stops at the count', async () => {
  const h = harness();
  const generated = await runSendLoop({ ...h.deps, batchSize: 100, rate: 50, count: 500 });
  assert.equal(generated, 500);
  assert.deepEqual(
    h.sent().map((e) => e.seq),
    Array.from({ length: 500 }, (_, i) => i),
    'each event once, in order',
  );
  // Event i may go once i+1 tokens have accrued: (i+1)/50 s after the start, never earlier.
  h.stamps.forEach((t, i) => assert.ok(t >= ((i + 1) * 1000) / 50 - 1e-6, `event ${i} at ${t} ms`));
  assert.ok(h.now() >= 10_000 && h.now() <= 10_150, `finished at ${h.now()} ms`);
  // 50/s in 100 ms ticks: batches of about 5, not a burst of 100 every 2 s.
  const sizes = h.sends.map((s) => s.group.events.length);
  assert.ok(Math.max(...sizes) <= 6, `batch sizes ${sizes.join(',')}`);
});

test('paced fast: full batches as soon as a batch worth of tokens is there', async () => {
  const h = harness();
  await runSendLoop({ ...h.deps, batchSize: 100, rate: 10_000, count: 20_000 });
  assert.equal(h.sent().length, 20_000);
  assert.ok(h.sends.every((s) => s.group.events.length === 100));
  assert.ok(Math.abs(h.now() - 2_000) <= 20, `took ${h.now()} ms of fake time for 2 s worth`);
});

test('a slow sink is caught up: the average rate still holds', async () => {
  // Each send takes 60 ms; 100 events per batch can do 1,666/s, the target is 1,000/s.
  const h = harness({ sendMs: 60 });
  await runSendLoop({ ...h.deps, batchSize: 100, rate: 1_000, count: 10_000 });
  assert.equal(h.sent().length, 10_000);
  assert.ok(Math.abs(h.now() - 10_000) <= 150, `took ${h.now()} ms for 10 s worth`);
});

test('unpaced and keyed: one key per batch, at most batch-size events, everything sent once', async () => {
  const h = harness({ keys: 7 });
  const generated = await runSendLoop({ ...h.deps, batchSize: 40, rate: 0, count: 1_000 });
  assert.equal(generated, 1_000);
  for (const { group } of h.sends) {
    assert.ok(group.events.length >= 1 && group.events.length <= 40);
    assert.ok(group.events.every((e) => e.partitionKey === group.partitionKey));
  }
  assert.deepEqual(
    h
      .sent()
      .map((e) => e.seq)
      .sort((a, b) => a - b),
    Array.from({ length: 1_000 }, (_, i) => i),
  );
});

test('stop: nothing generated is left unsent', async () => {
  const h = harness({ keys: 3, stopAfterSends: 4 });
  const generated = await runSendLoop({ ...h.deps, batchSize: 10, rate: 200 });
  assert.equal(h.sent().length, generated);
  assert.ok(generated >= 4 && generated < 200);
});

test('duration: stops once the time is up, having sent rate × duration', async () => {
  const h = harness();
  const generated = await runSendLoop({ ...h.deps, batchSize: 100, rate: 100, durationMs: 3_000 });
  assert.equal(generated, 300);
  assert.equal(h.sent().length, generated);
});

test('duration: a late last wake-up still sends what was earned by the deadline, nothing after it', async () => {
  const h = harness();
  // A sleep that always oversleeps by 37 ms, like a busy event loop.
  const sleep: SendLoopOptions['sleep'] = async (ms, signal) => h.deps.sleep(ms + 37, signal);
  const generated = await runSendLoop({ ...h.deps, sleep, batchSize: 100, rate: 50, durationMs: 6_000 });
  assert.equal(generated, 300);
  const unpaced = harness({ sendMs: 10 });
  const sent = await runSendLoop({ ...unpaced.deps, batchSize: 100, rate: 0, durationMs: 1_000 });
  assert.ok(sent >= 9_900 && sent <= 10_100, `unpaced sent ${sent}`);
});
