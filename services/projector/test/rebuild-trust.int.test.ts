// A rebuild you can trust (issue 15 item 5): every view, rebuilt again and again, on an empty store, on a busy
// one while orders are being written, and on a quiet one; and the rebuild a release starts by itself when it
// changed a view's document layout (a store written under layout 1, picked up by a starting projector). The rule under test: a rebuild never switches to a
// generation that has not read the store to the head it had when the rebuild started; and what arrives after
// the switch is projected into the new generation from the rebuild's checkpoints (no gap, no double count).
// Each result is compared with the ground truth computed in plain code. Cosmos only (the emulator in-process,
// events written through the SDK as ingest stores them): no Event Hubs needed for this.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CosmosClient, type Container } from '@azure/cosmos';
import { startCosmosEmulator, type RunningCosmosEmulator } from '@marquee/cosmos-emulator';
import {
  GENERATIONS_DOC_ID,
  layoutsOf,
  rebuildOf,
  VIEW_KINDS,
  viewsToRebuild,
  type ViewKind,
} from '@marquee/domain';
import { listLeases } from '@marquee/change-feed-processor';
import { seed } from '@marquee/seed';
import { eventually } from '@marquee/test-support';
import { CatalogFollower } from '../src/catalog/index.ts';
import { Projector, ViewRunner, type ProcessorSettings } from '../src/projection/index.ts';
import { CatchUpTracker, deleteGenerationDocs, readStoreHead, rebuildView } from '../src/rebuild/index.ts';
import { CosmosQuarantine, GenerationStore } from '../src/store/index.ts';
import { processorNameOf } from '../src/views/index.ts';
import { viewStores } from '../src/wiring.ts';
import { quietLogger, testMetrics } from './support/fixtures.ts';
import { expectedViews, type Views } from './support/ground-truth.ts';
import { OrderWriter, unitsIn } from './support/order-writer.ts';
import { assertSameViews, readViews } from './support/read-views.ts';

const SETTINGS: ProcessorSettings = {
  pollIntervalMs: 50,
  leaseRenewIntervalMs: 1_000,
  leaseExpirationMs: 10_000,
  leaseAcquireIntervalMs: 200,
  maxItemCount: 500,
  stopTimeoutMs: 5_000,
  minBatchIntervalMs: 0,
  stallThresholdMs: 60_000,
};

let emulator: RunningCosmosEmulator;
let client: CosmosClient;
let containers: { events: Container; views: Container; leases: Container; deadletters: Container };
let catalog: CatalogFollower;
const metrics = testMetrics();
const generations = (): GenerationStore => new GenerationStore(containers.views);

before(async () => {
  emulator = await startCosmosEmulator({ port: 0, logger: quietLogger });
  client = new CosmosClient(emulator.connectionString);
  await seed(client, 'marquee');
  const db = client.database('marquee');
  containers = {
    events: db.container('events'),
    views: db.container('views'),
    leases: db.container('leases'),
    deadletters: db.container('deadletters'),
  };
  catalog = new CatalogFollower(db.container('catalog'), { pollIntervalMs: 1_000, logger: quietLogger });
  await catalog.start();
});

after(async () => {
  await catalog?.close();
  client?.dispose();
  await emulator?.close();
});

const runnerDeps = (view: ViewKind, generation: number, instanceName: string) => ({
  view,
  generation,
  events: containers.events,
  leases: containers.leases,
  instanceName,
  stores: viewStores(containers.views, metrics),
  quarantine: new CosmosQuarantine(containers.deadletters),
  catalog,
  timeZone: 'UTC',
  writeConcurrency: 8,
  settings: SETTINGS,
  metrics,
  logger: quietLogger,
});

async function rebuild(view: ViewKind) {
  const result = await rebuildView(view, {
    ...runnerDeps(view, 0, 'rebuilder'),
    containers,
    generations: generations(),
    releaseTimeoutMs: 5_000,
  });
  assert.equal(result.to, result.from + 1);
  assert.notEqual(result.oldDocsDeleted, undefined, 'nothing held the old generation: it was deleted');
  return result;
}

/** What a replica does after the switch: the new generation's processor, from the rebuild's checkpoints. */
async function followToHead(view: ViewKind, generation: number): Promise<void> {
  const tracker = new CatchUpTracker(await readStoreHead(containers.events));
  const runner = new ViewRunner({ ...runnerDeps(view, generation, 'replica'), observer: tracker.observer });
  await runner.start();
  try {
    for (;;) {
      if (tracker.caughtUp(await containers.events.getFeedRanges())) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    await runner.stop();
  }
}

async function servedViews(): Promise<Views> {
  return readViews(containers.views, await generations().read());
}

/** One view's part of the ground truth (the others are left empty by readViews for a single kind). */
function only(view: ViewKind, v: Views): Views[keyof Views] {
  const parts = {
    'top-movies': v.movies,
    categories: v.categories,
    'orders-hour': v.hours,
    'orders-day': v.days,
    funnel: v.funnel,
  };
  return parts[view];
}

const orders = new OrderWriter(() => containers.events);

// Rebuilds of different views may run at the same time (the pointer is switched If-Match); the tests run the
// four at once, which also keeps them short.
const eachView = <T>(fn: (view: ViewKind) => Promise<T>): Promise<T[]> => Promise.all(VIEW_KINDS.map(fn));

test('a rebuild on an empty store reads nothing, switches, and the replicas fill the new generation exactly', async () => {
  for (const result of await eachView(rebuild)) assert.equal(result.changes, 0);
  await orders.write(300);
  await eachView((view) => followToHead(view, 2));
  assertSameViews(await servedViews(), expectedViews(orders.stored));
});

test('rebuilds while orders are written: each switch has read at least all that was stored at its start', async () => {
  let done = false;
  const flowing = orders.writeUntil(() => done, { perTick: 8, tickMs: 20, max: 3_000 });
  try {
    await orders.waitForMore(200); // the store is busy before and during the rebuilds
    const storedAtStart = orders.stored.slice();
    await eachView(async (view) => {
      const result = await rebuild(view);
      // Read right after the switch (no replica runs here, so the generation is what the rebuild left).
      const counted = unitsIn(only(view, await servedViews()));
      const lowerBound = unitsIn(only(view, expectedViews(storedAtStart)));
      assert.ok(result.changes >= storedAtStart.length, `${view}: ${result.changes} changes read`);
      assert.ok(
        counted >= lowerBound,
        `${view} at the switch: ${counted} units, the store had ${lowerBound}`,
      );
    });
  } finally {
    done = true;
    await flowing;
  }
  const served = await generations().read();
  await eachView((view) => followToHead(view, served[view]));
  assertSameViews(await servedViews(), expectedViews(orders.stored));
});

test('rebuilds on a quiet store end exactly at the ground truth the moment they switch', async () => {
  await eachView(async (view) => {
    const result = await rebuild(view);
    // At least once: a lease can be lost and re-read on a loaded machine (the view stays exact regardless).
    assert.ok(result.changes >= orders.stored.length, `${view}: ${result.changes} changes read`);
    assert.deepEqual(only(view, await servedViews()), only(view, expectedViews(orders.stored)));
  });
});

const rebuildingGauge = async (view: ViewKind): Promise<number | undefined> =>
  (await metrics.rebuilding.get()).values.find((v) => v.labels.view === view)?.value;

test('a starting projector rebuilds the views whose layout changed by itself and switches once exact', async () => {
  const live = await generations().read();
  // The store as last session's release left it: a pointer that records no layouts (layout 1), and the two
  // views whose docs changed since stored in their old layout (a doc per hour), with figures the new code
  // must neither read nor keep.
  await containers.views.items.upsert({ id: GENERATIONS_DOC_ID, generations: live, switchedAt: 'x' });
  const oldDocs: string[] = [];
  for (const view of ['orders-hour', 'funnel'] as const) {
    await deleteGenerationDocs(containers.views, view, live[view]);
    const viewId = view === 'funnel' ? 'funnel-hour-2026-11-21T05' : 'orders-hour-2026-11-21T05';
    const id = `g${live[view]}.${viewId}@-FF`;
    await containers.views.items.upsert({ id, kind: view, viewId, generation: live[view], orders: 999 });
    oldDocs.push(id);
  }
  const pointer = async (): Promise<unknown> =>
    (await containers.views.item(GENERATIONS_DOC_ID, GENERATIONS_DOC_ID).read()).resource;
  assert.deepEqual(viewsToRebuild(layoutsOf(await pointer())), ['orders-hour', 'funnel']);

  const release = (instanceName: string): Projector =>
    new Projector({
      ...runnerDeps('funnel', 0, instanceName),
      generations: generations(),
      // The test follows the pointer itself (followPointer): what it sees between the steps is deterministic.
      generationPollMs: 3_600_000,
    });
  const checkpointed = async (view: ViewKind, generation: number): Promise<number> =>
    (
      await listLeases({
        leases: containers.leases,
        monitored: containers.events,
        processorName: processorNameOf(view, generation),
      })
    ).filter((l) => l.continuation !== null).length;
  const first = release('new-release-1');
  let second: Projector | undefined;
  let done = false;
  let flowing: Promise<void> = Promise.resolve();
  try {
    await first.start();
    // Started: the rebuilds are recorded and building; until the switch the api reads a layout it cannot
    // interpret for these two views (it answers 503: services/api), the others are served as before.
    const during = await pointer();
    assert.deepEqual(viewsToRebuild(layoutsOf(during)), ['orders-hour', 'funnel']);
    const claimed = rebuildOf(during, 'funnel');
    assert.equal(claimed?.generation, live.funnel + 1);
    assert.equal(rebuildOf(during, 'orders-hour')?.generation, live['orders-hour'] + 1);
    assert.deepEqual(first.generations(), {
      ...live,
      funnel: live.funnel + 1,
      'orders-hour': live['orders-hour'] + 1,
    });
    assert.equal(await rebuildingGauge('funnel'), 1);
    // Orders keep coming during the rebuild and after the switch: live projection goes on in the new generation.
    flowing = orders.writeUntil(() => done, { perTick: 5, tickMs: 20, max: 400 });

    // The replica that claimed the rebuilds stops before the switch (a rollout moves it, say) and another one
    // starts: it joins the recorded rebuild and resumes at the checkpoints, it does not claim or wipe again.
    await eventually(async () => assert.ok((await checkpointed('funnel', live.funnel + 1)) > 0), {
      timeoutMs: 10_000,
      intervalMs: 20,
    });
    await first.close();
    const resumedFrom = await checkpointed('funnel', live.funnel + 1);
    second = release('new-release-2');
    await second.start();
    assert.deepEqual(rebuildOf(await pointer(), 'funnel'), claimed, 'joined, not claimed again');
    assert.ok((await checkpointed('funnel', live.funnel + 1)) >= resumedFrom, 'nothing wiped');

    const projector = second;
    await eventually(
      async () => {
        await projector.followPointer();
        assert.deepEqual(viewsToRebuild(layoutsOf(await pointer())), []);
      },
      { timeoutMs: 30_000, intervalMs: 50 },
    );
    const after = await pointer();
    assert.equal(rebuildOf(after, 'funnel'), undefined, 'the rebuild records are gone');
    assert.deepEqual(projector.rebuilding, new Set());
    assert.equal(await rebuildingGauge('funnel'), 0);
    for (const id of oldDocs) assert.equal((await containers.views.item(id, id).read()).statusCode, 404);
    done = true;
    await flowing;
    // Every view served (the two rebuilt ones at their new generation) equals the ground truth to the cent.
    await eventually(async () => assertSameViews(await servedViews(), expectedViews(orders.stored)), {
      timeoutMs: 30_000,
      intervalMs: 100,
    });
  } finally {
    done = true;
    await flowing;
    await first.close();
    await second?.close();
  }
});
