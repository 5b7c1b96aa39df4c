// Composition root of ingest: config → logger → lifecycle (signals) → clients, each registered with the
// lifecycle as it is created → app (processor, ingestor, ops endpoints) → start. Signals are handled from the
// start, so a SIGTERM during start closes whatever has been opened so far; the lifecycle closes in reverse
// order, so the ingestor drains and closes its subscription before the Event Hubs client is closed.
import { hostname } from 'node:os';
import { BlobCheckpointStore } from '@azure/eventhubs-checkpointstore-blob';
import {
  loadConfigOrExit,
  createBlobContainerClient,
  createCosmosClient,
  createEventHubConsumerClient,
  eventHubsRetryOptions,
  createLogger,
  createRegistry,
  CONTAINERS,
  openStore,
  OpsServer,
  ServiceLifecycle,
  StageStatusReporter,
} from '@marquee/platform';
import { DEFAULT_HUB, loadIngestConfig } from './config.ts';
import { BatchProcessor } from './batch-processor.ts';
import { CheckpointPacing } from './checkpoint-pacing.ts';
import { DeadLetterWriter } from './dead-letter-writer.ts';
import { Ingestor } from './ingestor.ts';
import { PartitionProgress } from './partition-progress.ts';
import { IngestMetrics } from './metrics.ts';

const config = loadConfigOrExit('ingest', () => loadIngestConfig(process.env));

const logger = createLogger('ingest', config.logLevel);
const lifecycle = new ServiceLifecycle(logger, { graceMs: config.graceMs });
lifecycle.handleSignals();
const registry = createRegistry('ingest');

const cosmos = createCosmosClient(config.cosmos, 'marquee-ingest');
lifecycle.add('cosmos', { close: async () => cosmos.dispose() });
const database = await openStore(cosmos, config);

const checkpoints = createBlobContainerClient(config.storage, config.checkpointContainer);
await checkpoints.createIfNotExists();
const deadLetterBodies = createBlobContainerClient(config.storage, config.deadLetterBodiesContainer);
await deadLetterBodies.createIfNotExists();

const progress = new PartitionProgress(config.stuckAfterMs);
// Filled below; read at each scrape.
const balancing: { hub: string; stalledMs: () => number }[] = [];
const metrics = new IngestMetrics(
  registry,
  () => progress.report(Date.now()),
  () => balancing.map((b) => ({ hub: b.hub, stalledMs: b.stalledMs() })),
);
// A few turns of the SDK's load-balancing loop without a renewal of ours: stuck (see ownership-renewals.ts).
const balancingStalledAfterMs = Math.max(3 * config.loadBalancing.updateIntervalInMs, 3_000);
const deadLetters = new DeadLetterWriter({
  container: database.container(CONTAINERS.deadletters.id),
  bodies: deadLetterBodies,
  inlineMaxBytes: config.deadLetterInlineMaxBytes,
  metrics,
});
const checkpointStore = new BlobCheckpointStore(checkpoints);
// Each hub (one per region, say) is consumed the same way by its own client and subscription, with its own
// checkpoints and partition ownership; all of them write to the one event store, where a derived id stores an
// order sent to two hubs once.
const severalHubs = config.hubs.length > 1;
// Positions of different hubs are told apart by naming the hub in sources and dead-letter ids. The orders hub
// alone keeps the unnamed form of earlier releases; any other hub (clickstream, a region's) is always named,
// since its ingest shares the dead-letter container with the orders ingest.
const namesHub = (hub: string): boolean => severalHubs || hub !== DEFAULT_HUB;
const ingestors = config.hubs.map((hub) => {
  const log = severalHubs ? logger.child({ eventHub: hub.name }) : logger;
  const client = createEventHubConsumerClient(hub.address, hub.name, config.consumerGroup, checkpointStore, {
    loadBalancingOptions: config.loadBalancing,
    retryOptions: eventHubsRetryOptions(config.eventHubsRetry),
  });
  lifecycle.add(`event-hubs ${hub.name}`, client);
  // Per hub: partition ids of two hubs are two partitions.
  const checkpoints = new CheckpointPacing({
    intervalMs: config.checkpointIntervalMs,
    maxEvents: config.checkpointMaxEvents,
    now: () => Date.now(),
    onCheckpoint: () => metrics.checkpoints.inc(),
  });
  const processor = new BatchProcessor({
    checkpoints,
    events: database.container(CONTAINERS.events.id),
    deadLetters,
    metrics,
    logger: log,
    now: () => new Date(),
    defaultType: config.defaultEventType,
    ...(namesHub(hub.name) ? { eventHub: hub.name } : {}),
  });
  return new Ingestor({
    client,
    processor,
    checkpoints,
    progress,
    logger: log,
    now: () => Date.now(),
    maxBatchSize: config.maxBatchSize,
    prefetchCount: config.prefetchCount || config.maxBatchSize,
    maxWaitTimeInSeconds: config.maxWaitTimeSeconds,
    startPosition: config.startPosition,
    drainTimeoutMs: Math.max(1_000, config.graceMs - 5_000),
    // Lag is read as often as the status document that shows it is written.
    lagPollMs: config.statusIntervalMs,
    ...(severalHubs ? { hub: hub.name } : {}),
    balancing: {
      checkpointStore,
      consumerGroup: config.consumerGroup,
      intervalMs: config.loadBalancing.updateIntervalInMs,
      stalledAfterMs: balancingStalledAfterMs,
      onRestart: () => metrics.balancingRestarts.inc({ hub: hub.name }),
    },
  });
});
for (const [i, hub] of config.hubs.entries())
  balancing.push({ hub: hub.name, stalledMs: () => ingestors[i]?.balancingStalledForMs ?? 0 });

const ops = new OpsServer({
  port: config.opsPort,
  host: config.opsHost,
  registry,
  logger,
  checks: {
    eventHubs: async () => {
      const stopped = config.hubs.filter((_, i) => ingestors[i]?.running !== true).map((h) => h.name);
      if (stopped.length > 0) throw new Error(`subscription not running: ${stopped.join(', ')}`);
      // Restarts did not help (the namespace is down, say): partitions are neither renewed nor claimed.
      const stuck = balancing.filter((b) => b.stalledMs() > 2 * balancingStalledAfterMs);
      if (stuck.length > 0)
        throw new Error(
          `load balancing stuck: ${stuck.map((b) => `${b.hub} for ${Math.round(b.stalledMs() / 1000)} s`).join(', ')}`,
        );
    },
    cosmos: async () => void (await database.container(CONTAINERS.events.id).read()),
    // Degraded, not just slow: events are waiting and no checkpoint has moved for longer than the threshold.
    progress: async () => {
      const stuck = progress.stuck(Date.now());
      if (stuck.length === 0) return;
      const named = stuck.map(
        (p) =>
          `partition ${p.partitionId}: ${p.lag} events pending, no checkpoint for ${Math.round(p.stuckMs / 1000)} s`,
      );
      throw new Error(named.join('; '));
    },
    checkpoints: async () => {
      if (!(await checkpoints.exists()))
        throw new Error(`blob container ${config.checkpointContainer} missing`);
    },
  },
});
// The api's pipeline panel reads each instance's partition lags and stalls from the `status` container. The
// hub names the partitions when this process reads one (the orders and clickstream ingests run side by side).
const hubName = config.hubs.length === 1 ? config.hubs[0]?.name : undefined;
const status = new StageStatusReporter({
  container: database.container(CONTAINERS.status.id),
  stage: 'ingest',
  instance: `${hostname()}-${process.pid}`,
  units: () =>
    progress.report(Date.now()).map((p) => ({
      unit: p.partitionId,
      ...(hubName === undefined ? {} : { group: hubName }),
      lag: p.lag,
      lagUnit: 'events' as const,
      lagSeconds: null,
      stuckSeconds: Math.round(p.stuckMs / 1000),
      stalled: p.stuckMs > config.stuckAfterMs,
      lastProgressAt: new Date(p.progressAtMs).toISOString(),
    })),
  intervalMs: config.statusIntervalMs,
  logger,
});
lifecycle.add('ops', ops);
lifecycle.add('status', status);
lifecycle.add('ingestor', {
  close: async () => {
    ops.drain();
    await Promise.all(ingestors.map((ingestor) => ingestor.close()));
  },
});
for (const ingestor of ingestors) ingestor.start();
status.start();
const opsPort = await ops.start();
logger.info(
  { opsPort, eventHubs: config.hubs.map((h) => h.name), consumerGroup: config.consumerGroup },
  'ingest started',
);
lifecycle.started();
