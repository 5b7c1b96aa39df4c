// Composition root of the exporter: config → logger → lifecycle (signals) → clients → processor → ops. The
// lifecycle closes in reverse: the processor finishes its batch and checkpoints before the clients close.
import { createChangeFeedProcessor, ensureLeaseContainer } from '@marquee/change-feed-processor';
import {
  CONTAINERS,
  createBlobContainerClient,
  createCosmosClient,
  createLogger,
  createRegistry,
  loadConfigOrExit,
  openStore,
  OpsServer,
  ServiceLifecycle,
} from '@marquee/platform';
import { loadExporterConfig } from './config.ts';
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

const exporter = new Exporter({ container: files, writer, metrics });
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
    retry: { initialMs: 100, maxMs: 5_000 },
    logger,
    metrics: metrics.observer(),
  },
});

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
  },
});
lifecycle.add('ops', ops);
lifecycle.add('processor', { close: async () => (ops.drain(), await processor.stop()) });
await processor.start();
const opsPort = await ops.start();
logger.info({ opsPort, container: config.exportContainer }, 'exporter started');
