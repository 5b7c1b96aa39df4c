import { REGISTERED_TYPES } from '@marquee/domain';
import {
  LOCAL_STACK,
  LOG_LEVELS,
  loadConfig,
  eventHubAddressOf,
  readEventHubNames,
  type Env,
  type EnvReader,
  type LogLevel,
  type ResourceAddress,
  readCosmosAddress,
  type CosmosAddress,
  type EventHubsRetry,
} from '@marquee/platform';

/** One event hub ingest consumes, and where its namespace is. */
export interface ConsumedHub {
  name: string;
  address: ResourceAddress;
}

export interface IngestConfig {
  /**
   * Every hub is consumed the same way, each with its own checkpoints and partition ownership (the checkpoint
   * store keys them by namespace, hub and consumer group): one hub per region (`EVENTHUB_NAMES=orders-region1,
   * orders-region2`), each possibly in its own namespace (`EVENTHUB_CONNECTION_STRING__ORDERS_REGION1`).
   */
  hubs: ConsumedHub[];
  consumerGroup: string;
  /**
   * The event type of an event without a `type` application property: `OrderPlaced` (Contoso's website sends
   * bare orders), or none (`DEFAULT_EVENT_TYPE=none`) on a hub whose producers always declare it (clickstream).
   */
  defaultEventType: string | undefined;
  storage: ResourceAddress;
  checkpointContainer: string;
  /** Blob container for dead-letter bodies too large to keep in their record. */
  deadLetterBodiesContainer: string;
  /** Bodies above this many bytes go to Blob storage; a Cosmos item holds at most 2 MB. */
  deadLetterInlineMaxBytes: number;
  /** A partition with events pending and no checkpoint for this long is reported stuck (/readyz, metrics). */
  stuckAfterMs: number;
  /** How often this instance writes its status document (the api's pipeline panel). */
  statusIntervalMs: number;
  cosmos: CosmosAddress;
  cosmosDatabase: string;
  logLevel: LogLevel;
  opsPort: number;
  /** Interface of the ops server: 127.0.0.1 unless set (containers set OPS_HOST=0.0.0.0). */
  opsHost: string;
  /** Events handed to one batch; bigger batches mean fewer round trips to Cosmos and fewer checkpoints. */
  maxBatchSize: number;
  /**
   * Events each partition's receiver asks for ahead of the batch being handled; 0 = one batch. The SDK's
   * default is three batches: one keeps a partition busy, and what waits in the queue only costs memory.
   */
  prefetchCount: number;
  maxWaitTimeSeconds: number;
  /**
   * A busy partition is checkpointed at most this often (0: after every batch), and at the latest after
   * `checkpointMaxEvents` done events: a crash re-reads at most that much, stored once anyway (409s).
   */
  checkpointIntervalMs: number;
  checkpointMaxEvents: number;
  /** Where a partition with no checkpoint starts: every retained event, or only new ones. */
  startPosition: 'earliest' | 'latest';
  graceMs: number;
  /** `greedy` claims a fair share of partitions in one cycle; `balanced` one partition per cycle. */
  loadBalancing: {
    strategy: 'greedy' | 'balanced';
    updateIntervalInMs: number;
    partitionOwnershipExpirationIntervalInMs: number;
  };
  /**
   * How the Event Hubs client retries what the SDK classes as retryable, receives and the load-balancing
   * loop's management calls alike: each try bounded by `timeoutMs`, exponential waits from `delayMs` up to
   * `maxDelayMs`, `maxRetries` times. The SDK's defaults (60 s a try, a fixed 30 s between tries) stalled the
   * load-balancing loop for 27–86 s after a namespace died and came back (a regional failover), so a dead
   * replica's partitions were taken over that much later (docs/regional-resilience.md).
   */
  eventHubsRetry: EventHubsRetry;
}

const noneAsUndefined = (type: string): string | undefined => (type === 'none' ? undefined : type);
/** The hub ingest reads when EVENTHUB_NAMES/EVENTHUB_NAME is not set: Contoso's orders. */
export const DEFAULT_HUB = 'orders';
function readConsumedHubs(e: EnvReader): ConsumedHub[] {
  const shared = e.either(
    'EVENTHUB_CONNECTION_STRING',
    'EVENTHUB_FQDN',
    LOCAL_STACK.eventHubsConnectionString,
  );
  return readEventHubNames(e, DEFAULT_HUB).map((name) => ({
    name,
    address: eventHubAddressOf(e, name, shared),
  }));
}

export function loadIngestConfig(env: Env): IngestConfig {
  return loadConfig(env, (e) => ({
    hubs: readConsumedHubs(e),
    consumerGroup: e.string('EVENTHUB_CONSUMER_GROUP', '$Default'),
    defaultEventType: noneAsUndefined(
      e.oneOf('DEFAULT_EVENT_TYPE', ['none', ...REGISTERED_TYPES], 'OrderPlaced'),
    ),
    storage: e.either('STORAGE_CONNECTION_STRING', 'STORAGE_BLOB_URL', LOCAL_STACK.storageConnectionString),
    checkpointContainer: e.string('CHECKPOINT_CONTAINER', 'checkpoints'),
    deadLetterBodiesContainer: e.string('DEADLETTER_BODIES_CONTAINER', 'deadletter-bodies'),
    deadLetterInlineMaxBytes: e.int('DEADLETTER_INLINE_MAX_BYTES', 256 * 1024, { min: 0, max: 1024 * 1024 }),
    stuckAfterMs: e.int('STUCK_AFTER_MS', 60_000, { min: 100 }),
    statusIntervalMs: e.int('STATUS_INTERVAL_MS', 5_000, { min: 100 }),
    cosmos: readCosmosAddress(e),
    cosmosDatabase: e.string('COSMOS_DATABASE', 'marquee'),
    logLevel: e.oneOf('LOG_LEVEL', LOG_LEVELS, 'info'),
    opsPort: e.int('OPS_PORT', 9091, { min: 0, max: 65535 }),
    opsHost: e.string('OPS_HOST', '127.0.0.1'),
    maxBatchSize: e.int('MAX_BATCH_SIZE', 500, { min: 1, max: 5000 }),
    prefetchCount: e.int('PREFETCH_COUNT', 0, { min: 0, max: 50_000 }),
    maxWaitTimeSeconds: e.int('MAX_WAIT_TIME_SECONDS', 1, { min: 1, max: 60 }),
    checkpointIntervalMs: e.int('CHECKPOINT_INTERVAL_MS', 1_000, { min: 0, max: 60_000 }),
    checkpointMaxEvents: e.int('CHECKPOINT_MAX_EVENTS', 2_500, { min: 1 }),
    startPosition: e.oneOf('START_POSITION', ['earliest', 'latest'], 'earliest'),
    graceMs: e.int('SHUTDOWN_GRACE_MS', 20_000, { min: 0 }),
    loadBalancing: {
      strategy: e.oneOf('LOAD_BALANCING_STRATEGY', ['greedy', 'balanced'], 'greedy'),
      updateIntervalInMs: e.int('LOAD_BALANCING_INTERVAL_MS', 2_000, { min: 100 }),
      // A killed replica's partitions move to the others after this long.
      partitionOwnershipExpirationIntervalInMs: e.int('PARTITION_OWNERSHIP_EXPIRATION_MS', 10_000, {
        min: 1_000,
      }),
    },
    eventHubsRetry: {
      timeoutMs: e.int('EVENTHUB_TRY_TIMEOUT_MS', 10_000, { min: 100, max: 300_000 }),
      delayMs: e.int('EVENTHUB_RETRY_DELAY_MS', 500, { min: 1, max: 60_000 }),
      maxDelayMs: e.int('EVENTHUB_MAX_RETRY_DELAY_MS', 10_000, { min: 1, max: 300_000 }),
      maxRetries: e.int('EVENTHUB_MAX_RETRIES', 3, { min: 0, max: 20 }),
    },
  }));
}
