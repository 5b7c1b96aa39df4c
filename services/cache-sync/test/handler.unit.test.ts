// The feed handler retries what may pass later and skips, with its reason, what fails the same way every time
// (regression: one malformed category document made cache-sync fail in a loop, `a.name.toLowerCase is not a function`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import type { ChangeFeedContext } from '@marquee/change-feed-processor';
import { categoryHandler } from '../src/feed.ts';
import { createSyncMetrics } from '../src/metrics.ts';
import type { CacheRefresher } from '../src/refresher.ts';

const lines: string[] = [];
const context = {
  lsn: { minLsn: 1, maxLsn: 1 },
  logger: pino({ level: 'info' }, { write: (l: string) => lines.push(l) }),
} as unknown as ChangeFeedContext;
const change = { id: 'category-1', type: 'category', name: 'Drama', _lsn: 1 };

function handlerFailingWith(error: unknown) {
  const metrics = createSyncMetrics(new Registry());
  const refresher = {
    applyChanges: async () => {
      throw error;
    },
  } as unknown as CacheRefresher;
  return { handle: categoryHandler(refresher, 'latestVersion', metrics), metrics };
}

test('a failure every retry would meet again skips the batch, logged with its reason and counted', async () => {
  const { handle, metrics } = handlerFailingWith(new TypeError('a.name.toLowerCase is not a function'));
  await handle([change], context);
  const skipped = await metrics.skippedBatches.get();
  assert.deepEqual(
    skipped.values.map((v) => [v.labels.reason, v.value]),
    [['TypeError', 1]],
  );
  assert.match(lines.at(-1) ?? '', /toLowerCase is not a function/);
});

test('the store or Redis down is thrown, so the processor retries and does not checkpoint', async () => {
  for (const err of [
    Object.assign(new Error('service unavailable'), { code: 503 }),
    Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
    new Error('Connection is closed.'),
  ]) {
    const { handle, metrics } = handlerFailingWith(err);
    await assert.rejects(handle([change], context), err);
    assert.equal((await metrics.skippedBatches.get()).values.length, 0);
  }
});
