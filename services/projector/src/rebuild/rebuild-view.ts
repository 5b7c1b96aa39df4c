// Rebuilding a view: generation n+1 is built from the whole event store by its own processor
// (`projector.<view>.g<n+1>`, from the beginning), in this process, beside the live generation n. Once every
// lease has read the store to the head it had when the rebuild started (catch-up.ts), the pointer is switched (the API follows at once), and the processor
// is stopped gracefully: its leases are freed at their checkpoints, where the replicas' new processors (they
// follow the pointer) pick them up. Finally, once no replica still writes generation n, its docs and leases
// are deleted.
import { generationsOf, replicasRebuilding, type ViewKind } from '@marquee/domain';
import type { Logger } from 'pino';
import type { ProjectorMetrics } from '../metrics.ts';
import { ViewRunner, type CategorySource, type ProcessorSettings } from '../projection/index.ts';
import type { ViewStores, GenerationStore, QuarantineSink } from '../store/index.ts';
import { processorNameOf } from '../views/index.ts';
import type { Containers } from '../wiring.ts';
import { CatchUpTracker } from './catch-up.ts';
import { deleteGenerationDocs, deleteGenerationLeases, waitUntilReleased } from './generation-cleanup.ts';
import { readStoreHead } from './store-head.ts';

export interface RebuildDeps {
  containers: Pick<Containers, 'events' | 'views' | 'leases'>;
  generations: GenerationStore;
  stores: ViewStores;
  quarantine: QuarantineSink;
  catalog: CategorySource;
  metrics: ProjectorMetrics;
  logger: Logger;
  instanceName: string;
  timeZone: string;
  writeConcurrency: number;
  settings: ProcessorSettings;
  /** How long to wait for replicas to leave the old generation before deleting it (default 30 s). */
  releaseTimeoutMs?: number;
  /** Keep the old generation's docs and leases (e.g. to compare by hand). */
  keepOld?: boolean;
  signal?: AbortSignal;
}

export interface RebuildResult {
  view: ViewKind;
  from: number;
  to: number;
  /** Changes read from the event store until the switch. */
  changes: number;
  /** The store's head when the rebuild started (highest LSN over its feed ranges): all of it was read. */
  headLsn: number;
  catchUpMs: number;
  totalMs: number;
  /** Old generation docs deleted; undefined when kept (keepOld, or replicas did not let go in time). */
  oldDocsDeleted: number | undefined;
}

export async function rebuildView(view: ViewKind, d: RebuildDeps): Promise<RebuildResult> {
  const started = performance.now();
  const log = d.logger.child({ rebuild: view });
  const pointer = (await d.generations.readDoc())?.doc;
  // Two rebuilds of one view would wipe each other's generation: the replicas' own rebuild into their layout
  // (layout-rebuild.ts) switches by itself. One into another layout (another release's) is removed by the switch.
  const recorded = replicasRebuilding(pointer, view);
  if (recorded !== undefined) {
    throw new Error(
      `${view} is being rebuilt into layout ${recorded.layout} (generation ${recorded.generation}) by the projector replicas; it switches by itself`,
    );
  }
  const from = generationsOf(pointer)[view];
  const to = from + 1;
  // A build is always from scratch: leftovers of an earlier, interrupted attempt are removed first.
  const staleDocs = await deleteGenerationDocs(d.containers.views, view, to);
  const staleLeases = await deleteGenerationLeases(d.containers, view, to);
  d.stores.clear();
  log.info({ from, to, staleDocs, staleLeases, processor: processorNameOf(view, to) }, 'rebuilding view');

  // Captured before the processor starts: the generation is switched only once every range has been read
  // at least this far (see catch-up.ts).
  const tracker = new CatchUpTracker(await readStoreHead(d.containers.events));
  const headLsn = Math.max(0, ...tracker.heads.map((h) => h.lsn));
  const runner = new ViewRunner({
    view,
    generation: to,
    events: d.containers.events,
    leases: d.containers.leases,
    instanceName: d.instanceName,
    stores: d.stores,
    quarantine: d.quarantine,
    catalog: d.catalog,
    timeZone: d.timeZone,
    writeConcurrency: d.writeConcurrency,
    settings: d.settings,
    metrics: d.metrics,
    logger: log,
    observer: tracker.observer,
  });
  await runner.start();
  try {
    await waitForCatchUp(runner, tracker, d);
  } catch (err) {
    await runner.stop();
    throw err;
  }
  const catchUpMs = performance.now() - started;
  const changes = tracker.items;
  await d.generations.switchTo(view, to);
  log.info({ to, changes, headLsn, catchUpMs: Math.round(catchUpMs) }, 'caught up; pointer switched');
  await runner.stop();

  let oldDocsDeleted: number | undefined;
  if (d.keepOld !== true) {
    const released = await waitUntilReleased(d.containers, view, from, {
      leaseExpirationMs: d.settings.leaseExpirationMs,
      timeoutMs: d.releaseTimeoutMs ?? 30_000,
    });
    if (released) {
      oldDocsDeleted = await deleteGenerationDocs(d.containers.views, view, from);
      await deleteGenerationLeases(d.containers, view, from);
    } else {
      log.warn({ generation: from }, 'replicas still hold the old generation; its docs are left in place');
    }
  }
  const totalMs = performance.now() - started;
  return { view, from, to, changes, headLsn, catchUpMs, totalMs, oldDocsDeleted };
}

async function waitForCatchUp(runner: ViewRunner, tracker: CatchUpTracker, d: RebuildDeps): Promise<void> {
  for (;;) {
    d.signal?.throwIfAborted();
    const ranges = await d.containers.events.getFeedRanges();
    if (runner.status().state === 'running' && tracker.caughtUp(ranges)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
