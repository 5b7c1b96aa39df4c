// Handler failures are retried in place; a lease taken away mid-batch is never checkpointed by the old owner.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pino } from 'pino';
import type { HandlerErrorEvent } from '../src/index.ts';
import type { StoredLease } from '../src/lease/index.ts';
import { latestVersionProcessor } from './support/processors.ts';
import { Recorder } from './support/recorder.ts';
import { startStack, waitFor, writeItems } from './support/stack.ts';

test('a handler failing twice per batch then succeeding loses nothing and keeps its place', async (t) => {
  const stack = await startStack(4);
  t.after(() => stack.close());
  const recorder = new Recorder();
  const failures: HandlerErrorEvent[] = [];
  const spans = new Map<string, string[]>();
  const handler = recorder.handler('flaky', async (ids, context) => {
    const key = `${context.leaseToken}|${ids[0]}`;
    spans.set(key, [...(spans.get(key) ?? []), `${context.lsn.minLsn}-${context.lsn.maxLsn}:${ids.length}`]);
    if (context.attempt < 3) throw new Error(`flaky attempt ${context.attempt}`);
  });
  const lines: string[] = [];
  const processor = latestVersionProcessor(stack.client(), 'flaky', handler, {
    maxItemCount: 100,
    metrics: { handlerFailed: (e) => failures.push(e) },
    logger: pino({ level: 'warn' }, { write: (line: string) => lines.push(line) }),
  });
  stack.track(processor);
  await processor.start();
  const ids = await writeItems(stack.monitored, 1_000);
  await waitFor('every change delivered', () => recorder.missing(ids).length === 0);
  const status = processor.getStatus();
  await processor.stop();

  assert.equal(recorder.duplicates(), 0);
  const batches = recorder.deliveries.length;
  assert.ok(batches >= 4);
  assert.ok(recorder.deliveries.every((d) => d.attempt === 3));
  assert.equal(failures.length, 2 * batches);
  assert.ok(failures.every((f) => f.retryInMs > 0 && f.error instanceof Error));
  // Each retry saw the very same batch: same LSN span and size.
  for (const attempts of spans.values()) assert.deepEqual(new Set(attempts).size, 1, attempts.join(' '));
  assert.equal(
    status.leases.reduce((n, l) => n + l.handlerErrors, 0),
    2 * batches,
  );
  assert.equal(
    status.leases.reduce((n, l) => n + l.itemsProcessed, 0),
    ids.length,
  );
  // Failures are visible in the logs, with processor, instance and lease on every line.
  const logged = lines
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .filter((l) => l.attempt !== undefined);
  assert.equal(logged.length, 2 * batches);
  assert.ok(
    logged.every((l) => l.processor === 'proj' && l.instance === 'flaky' && typeof l.lease === 'string'),
  );
  assert.match(String(logged[0]?.msg), /handler failed: flaky attempt 1/);
});

test('a lease taken over mid-batch: the signal fires and the old owner never checkpoints', async (t) => {
  const stack = await startStack(1);
  t.after(() => stack.close());
  await writeItems(stack.monitored, 50);
  let inHandler = false;
  let aborted = false;
  let finish: (() => void) | undefined;
  const lost: string[] = [];
  const processor = latestVersionProcessor(
    stack.client(),
    'stale',
    async (_changes, context) => {
      inHandler = true;
      context.signal.addEventListener('abort', () => (aborted = true));
      await new Promise<void>((resolve) => (finish = resolve));
    },
    { metrics: { leaseLost: (e) => lost.push(e.reason) } },
  );
  stack.track(processor);
  await processor.start();
  await waitFor('the handler to be running', () => inHandler);

  // Another instance takes the lease (as it would after seeing it expire).
  const { resources } = await stack.leases.items.readAll<StoredLease>().fetchAll();
  const lease = resources.find((l) => typeof l.LeaseToken === 'string')!;
  assert.equal(lease.ContinuationToken, null);
  await stack.leases
    .item(lease.id as string, lease.id as string)
    .replace({ ...lease, Owner: 'intruder', timestamp: new Date(Date.now() + 60_000).toISOString() });

  await waitFor('the old owner to notice', () => lost.length > 0 && aborted);
  finish?.(); // the old handler completes after losing the lease
  await new Promise((r) => setTimeout(r, 300));
  const { resource } = await stack.leases.item(lease.id as string, lease.id as string).read<StoredLease>();
  assert.equal(resource?.Owner, 'intruder');
  assert.equal(resource?.ContinuationToken, null, 'the stale owner moved the checkpoint');
  assert.deepEqual(lost, ['taken']);
  assert.equal(processor.getStatus().leases.length, 0);
});
