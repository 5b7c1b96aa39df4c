// Composition root of the exporter: config → logger → lifecycle (signals) → clients → processor → ops. The
// lifecycle closes in reverse: the processor finishes its batch and checkpoints before the clients close.
import { createChangeFeedProcessor, ensureLeaseContainer } from '@marquee/change-feed-processor';
import {
  CONTAINERS,
  createBlobContainerClient,
  createCosmosClient,
  createLogger,
  createRegistry,
  Degraded,
  leaseUnits,
  loadConfigOrExit,
  openStore,
  OpsServer,
  ServiceLifecycle,
  StageStatusReporter,
} from '@marquee/platform';
import { loadExporterConfig } from './config.ts';
import { ExportDeadLetters } from './dead-letters.ts';
import { Exporter } from './exporter.ts';
import { ExporterMetrics } from './metrics.ts';
import { ParquetWriter } from './parquet.ts';

const config = loadConfigOrExit('exporter', () => loadExporterConfig(process.env));
const logger = createLogger('exporter', config.logLevel).child({ instance: config.instanceName });
const lifecycle = new ServiceLifecycle(logger, { graceMs: config.graceMs });
lifecycle.handleSignals();
const registry = createRegistry('exporter');
const metrics = new ExporterMetrics(registry);

const cosmos = createCosmosClient(config.cosmos, 'marquee-exporter');
lifecycle.add('cosmos', { close: async () => cosmos.dispose() });
const database = await openStore(cosmos, config);
const leases = await ensureLeaseContainer(database, CONTAINERS.leases.id);
const files = createBlobContainerClient(config.storage, config.exportContainer);
await files.createIfNotExists();
const writer = await ParquetWriter.open();
lifecycle.add('duckdb', writer);

const exporter = new Exporter({
  container: files,
  writer,
  deadLetters: new ExportDeadLetters({ container: database.container(CONTAINERS.deadletters.id), metrics }),
  metrics,
});
const processor = createChangeFeedProcessor<unknown>({
  monitoredContainer: database.container(CONTAINERS.events.id),
  leaseContainer: leases,
  processorName: config.processorName,
  instanceName: config.instanceName,
  handler: exporter.handle,
  options: {
    startFrom: 'beginning',
    maxItemCount: config.maxItemCount,
    pollIntervalMs: config.pollIntervalMs,
    stallThresholdMs: config.stallThresholdMs,
    retry: { initialMs: 100, maxMs: 5_000 },
    logger,
    metrics: metrics.observer(),
  },
});
const leaseStatuses = () => processor.getStatus().leases;

const ops = new OpsServer({
  port: config.opsPort,
  host: config.opsHost,
  registry,
  logger,
  checks: {
    cosmos: async () => void (await database.container(CONTAINERS.events.id).read()),
    storage: async () => {
      if (!(await files.exists())) throw new Error(`blob container ${config.exportContainer} missing`);
    },
    // Running yet stuck: a lease with work in hand that has not moved past the threshold (a store down, the
    // encoder broken). Events that cannot be exported never get here: they are set aside.
    progress: async () => {
      const stalled = leaseStatuses().filter((l) => l.stalled);
      if (stalled.length === 0) return undefined;
      const list = stalled.map((l) => `lease ${l.leaseToken} for ${Math.round(l.stalledMs / 1000)} s`);
      throw new Degraded(`no progress: ${list.join('; ')}`);
    },
  },
});
metrics.watchLeases(leaseStatuses);
// The api's pipeline panel reads this instance's lease lags and stalls from the `status` container.
const status = new StageStatusReporter({
  container: database.container(CONTAINERS.status.id),
  stage: 'exporter',
  instance: config.instanceName,
  units: () => leaseUnits(leaseStatuses()),
  intervalMs: config.statusIntervalMs,
  logger,
});
lifecycle.add('ops', ops);
lifecycle.add('status', status);
lifecycle.add('processor', { close: async () => (ops.drain(), await processor.stop()) });
await processor.start();
status.start();
const opsPort = await ops.start();
logger.info({ opsPort, container: config.exportContainer }, 'exporter started');
lifecycle.started();
