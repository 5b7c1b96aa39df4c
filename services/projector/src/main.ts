// Composition root of the projector: config → logger → lifecycle (signals) → clients, each registered with
// the lifecycle as it is created → app (catalog, processors, ops endpoints) → start. The lifecycle closes in
// reverse order: the processors drain and checkpoint before the Cosmos client is disposed.
import {
  loadConfigOrExit,
  createCosmosClient,
  createLogger,
  createRegistry,
  Degraded,
  leaseUnits,
  OpsServer,
  ServiceLifecycle,
  StageStatusReporter,
} from '@marquee/platform';
import { CatalogFollower } from './catalog/index.ts';
import { loadProjectorConfig } from './config.ts';
import { ProjectorMetrics } from './metrics.ts';
import { Projector } from './projection/index.ts';
import { CosmosQuarantine, GenerationStore } from './store/index.ts';
import { openContainers, processorSettings, viewStores } from './wiring.ts';

const config = loadConfigOrExit('projector', () => loadProjectorConfig(process.env));

const logger = createLogger('projector', config.logLevel).child({ instance: config.instanceName });
const lifecycle = new ServiceLifecycle(logger, { graceMs: config.graceMs });
lifecycle.handleSignals();
const registry = createRegistry('projector');
const metrics = new ProjectorMetrics(registry);

const cosmos = createCosmosClient(config.cosmos, 'marquee-projector');
lifecycle.add('cosmos', { close: async () => cosmos.dispose() });
const containers = await openContainers(cosmos, config);

const catalog = new CatalogFollower(containers.catalog, {
  pollIntervalMs: config.catalogPollMs,
  logger: logger.child({ component: 'catalog' }),
  onPull: (reason) => metrics.catalogPulls.inc({ reason }),
});
await catalog.start();
lifecycle.add('catalog', catalog);

const projector = new Projector({
  events: containers.events,
  leases: containers.leases,
  generations: new GenerationStore(containers.views),
  stores: viewStores(containers.views, metrics),
  quarantine: new CosmosQuarantine(containers.deadletters),
  catalog,
  instanceName: config.instanceName,
  timeZone: config.reportTimeZone,
  writeConcurrency: config.writeConcurrency,
  settings: processorSettings(config),
  generationPollMs: config.generationPollMs,
  metrics,
  logger,
});

const ops = new OpsServer({
  port: config.opsPort,
  host: config.opsHost,
  registry,
  logger,
  checks: {
    processors: async () => {
      if (!projector.ready) throw new Error('view processors not all running');
      return JSON.stringify(projector.generations());
    },
    cosmos: async () => void (await containers.views.read()),
    // Running yet stuck: a lease with work in hand that has not moved past the threshold (store down, a
    // handler failing on every retry). Deterministic failures never get here: those orders are set aside.
    progress: async () => {
      const stalled = projector.leaseProgress().filter((l) => l.stalled);
      if (stalled.length === 0) return undefined;
      const list = stalled.map((l) => `${l.view} lease ${l.lease} for ${Math.round(l.stalledMs / 1000)} s`);
      throw new Degraded(`no progress: ${list.join('; ')}`);
    },
  },
});
metrics.watchLeaseProgress(() => projector.leaseProgress());
// The api's pipeline panel reads each replica's lease lags and stalls, per view, from the `status` container.
const status = new StageStatusReporter({
  container: containers.status,
  stage: 'projector',
  instance: config.instanceName,
  units: () => projector.leaseStatuses().flatMap(({ view, leases }) => leaseUnits(leases, view)),
  intervalMs: config.statusIntervalMs,
  logger,
});
lifecycle.add('ops', ops);
lifecycle.add('status', status);
// Closed first: /readyz turns 503, then every processor finishes its batch, checkpoints and frees its leases.
lifecycle.add('projector', { close: async () => (ops.drain(), await projector.close()) });
await projector.start();
status.start();
const opsPort = await ops.start();
logger.info(
  { opsPort, generations: projector.generations(), timeZone: config.reportTimeZone, movies: catalog.size },
  'projector started',
);
lifecycle.started();
