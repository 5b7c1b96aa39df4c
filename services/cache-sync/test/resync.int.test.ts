// A continuation that cannot be resumed: cache-sync reloads the cache, resets its leases and follows the feed
// again from now. The service answers 400 for an all-versions continuation past its retention; the stack's
// emulator keeps 10 minutes of history, so the test stands an unusable continuation in for an expired one
// (the SDK refuses it with the same 400 before sending it).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CosmosClient } from '@azure/cosmos';
import { eventually } from '@marquee/test-support';
import { getList, startHarness, visibleWithin, type Harness } from './support/harness.ts';

let h: Harness;
before(async () => {
  h = await startHarness({ sync: false });
});
after(() => h.close());

const SYNC = { CACHE_SYNC_MODE: 'all-versions', RECONCILE_INTERVAL_MS: '0' };

test('leases whose continuation fell out of retention are reset after a full load', async () => {
  const first = await h.startSync(SYNC);
  await first.close();
  h.sync = undefined;

  // Make every lease's continuation unusable: each read of the feed now fails with 400.
  const client = new CosmosClient(h.stack.connections.cosmos);
  try {
    const container = client.database('marquee').container('leases');
    // Stored in the shared (.NET) lease format: the continuation is the range's ETag in ContinuationToken.
    const { resources } = await container.items
      .readAll<{ id: string; LeaseToken?: string; ContinuationToken?: string | null }>()
      .fetchAll();
    const mine = resources.filter(
      (l) => l.id.startsWith('cache-sync') && l.LeaseToken && l.ContinuationToken,
    );
    assert.ok(mine.length > 0);
    for (const lease of mine) {
      await container.item(lease.id, lease.id).replace({ ...lease, ContinuationToken: '"-1"' });
    }
  } finally {
    client.dispose();
  }

  const sync = await h.startSync(SYNC);
  await eventually(
    async () => {
      const metrics = await (await fetch(`http://127.0.0.1:${sync.opsPort}/metrics`)).text();
      assert.match(metrics, /cache_sync_refreshes_total\{trigger="resync",[^}]*\} [1-9]/);
    },
    { timeoutMs: 15_000 },
  );
  // The feed is followed again, from now.
  await h.catalog.items.create({
    id: 'category-951',
    type: 'category',
    categoryId: 951,
    name: 'Silent',
    description: '',
  });
  await visibleWithin(h.baseUrl, (b) => assert.ok(b.items.some((c) => c.categoryId === 951)), 5_000);
  await h.catalog.item('category-951', 'category').delete();
  await visibleWithin(h.baseUrl, (b) => assert.ok(!b.items.some((c) => c.categoryId === 951)), 5_000);
  assert.equal((await getList(h.baseUrl)).body.items.length, 19);
});
