// `pnpm rebuild-view [--view <name>]... [--keep-old]` (or `pnpm --filter @marquee/projector run rebuild …`;
// without `run`, pnpm runs its own built-in `rebuild` command instead of this script): rebuilds views from the whole
// event store into their next generation, switches the pointer, and prints how long each took. Without
// --view every view is rebuilt, one after another. Same environment as the projector (COSMOS_*, REPORT_TIMEZONE…).
import { parseArgs } from 'node:util';
import { isViewKind, VIEW_KINDS, type ViewKind } from '@marquee/domain';
import { ConfigError, createCosmosClient, createLogger, createRegistry } from '@marquee/platform';
import { CatalogFollower } from './catalog/index.ts';
import { loadProjectorConfig, type ProjectorConfig } from './config.ts';
import { ProjectorMetrics } from './metrics.ts';
import { rebuildView } from './rebuild/index.ts';
import { CosmosQuarantine, GenerationStore } from './store/index.ts';
import { openContainers, processorSettings, viewStores } from './wiring.ts';

const { values } = parseArgs({
  options: {
    view: { type: 'string', multiple: true },
    'keep-old': { type: 'boolean', default: false },
  },
});
const unknownViews = (values.view ?? []).filter((v) => !isViewKind(v));
if (unknownViews.length > 0) {
  process.stderr.write(`rebuild: unknown view ${unknownViews.join(', ')}; views: ${VIEW_KINDS.join(', ')}\n`);
  process.exit(2);
}
const views = (values.view as ViewKind[] | undefined) ?? [...VIEW_KINDS];

let config: ProjectorConfig;
try {
  config = loadProjectorConfig({ LOG_LEVEL: 'warn', ...process.env });
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  process.stderr.write(`rebuild: ${err.message}\n`);
  process.exit(2);
}

const logger = createLogger('projector-rebuild', config.logLevel);
const metrics = new ProjectorMetrics(createRegistry('projector-rebuild'));
const cosmos = createCosmosClient(config.cosmos, 'marquee-projector-rebuild');
const stop = new AbortController();
process.once('SIGINT', () => stop.abort(new Error('interrupted')));
process.once('SIGTERM', () => stop.abort(new Error('interrupted')));
const containers = await openContainers(cosmos, config);
const catalog = new CatalogFollower(containers.catalog, {
  pollIntervalMs: config.catalogPollMs,
  logger,
});
let exitCode = 0;
try {
  await catalog.start();
  for (const view of views) {
    const result = await rebuildView(view, {
      containers,
      generations: new GenerationStore(containers.views),
      stores: viewStores(containers.views, metrics),
      quarantine: new CosmosQuarantine(containers.deadletters),
      catalog,
      metrics,
      logger,
      instanceName: `rebuild-${config.instanceName}`,
      timeZone: config.reportTimeZone,
      writeConcurrency: config.writeConcurrency,
      settings: processorSettings(config),
      keepOld: values['keep-old'],
      signal: stop.signal,
    });
    const seconds = (ms: number): string => (ms / 1000).toFixed(1);
    process.stdout.write(
      `${view}: generation ${result.from} → ${result.to}, ${result.changes} changes read ` +
        `(the store's head at the start: LSN ${result.headLsn}), ` +
        `caught up in ${seconds(result.catchUpMs)} s, done in ${seconds(result.totalMs)} s` +
        (result.oldDocsDeleted === undefined
          ? ` (generation ${result.from} left in place)\n`
          : ` (${result.oldDocsDeleted} generation ${result.from} docs deleted)\n`),
    );
    if (result.changes === 0) {
      // Datagen returns once Event Hubs took the orders; ingest stores them moments later. What arrives after
      // the start is not lost: the replicas project it into the new generation from the rebuild's checkpoints.
      process.stdout.write(`${view}: the event store was empty when the rebuild started\n`);
    }
  }
} catch (err) {
  logger.error({ err }, 'rebuild failed');
  process.stderr.write(`rebuild failed: ${err instanceof Error ? err.message : String(err)}\n`);
  exitCode = 1;
} finally {
  await catalog.close();
  cosmos.dispose();
}
process.exit(exitCode);
