import { hostname } from 'node:os';
import { isValidTimeZone } from '@marquee/domain';
import {
  LOG_LEVELS,
  loadConfig,
  type Env,
  type LogLevel,
  readCosmosAddress,
  type CosmosAddress,
} from '@marquee/platform';

export interface ProjectorConfig {
  cosmos: CosmosAddress;
  cosmosDatabase: string;
  /** IANA zone whose calendar days are the daily buckets. */
  reportTimeZone: string;
  opsPort: number;
  /** Interface of the ops server: 127.0.0.1 unless set (containers set OPS_HOST=0.0.0.0). */
  opsHost: string;
  logLevel: LogLevel;
  /** Unique per replica; reusing it after a restart adopts the leases it held. */
  instanceName: string;
  processor: {
    /** Wait after a lease's feed had nothing new. */
    pollIntervalMs: number;
    leaseRenewIntervalMs: number;
    leaseExpirationMs: number;
    leaseAcquireIntervalMs: number;
    /** Changes asked for per feed page: bigger pages mean fewer view writes per event. */
    maxItemCount: number;
    /** Changes asked of the store per request; full responses are read on up to maxItemCount (one page). */
    readItemCount: number;
    /** Shortest time between two batches of a lease under heavy traffic (bigger pages); 0 = no pacing. */
    minBatchIntervalMs: number;
    /** The longest under lighter steady traffic, for freshness (see projection/batch-pacing.ts). */
    freshBatchIntervalMs: number;
    /** The shortest under lighter steady traffic, while batches are quick. */
    freshBatchIntervalMinMs: number;
    /** A lease's events per second from which its traffic is heavy. */
    heavyEventsPerSecond: number;
    /** A lease with work in hand and no progress for this long makes /readyz say degraded. */
    stallThresholdMs: number;
  };
  /** View docs of one batch written at once. */
  writeConcurrency: number;
  /** How often the generation pointer is read (a rebuild's switch is followed within this). */
  generationPollMs: number;
  /** Background poll of the catalog feed (unknown products also trigger a read). */
  catalogPollMs: number;
  /** How often this replica writes its status document (the api's pipeline panel). */
  statusIntervalMs: number;
  graceMs: number;
}

export function loadProjectorConfig(env: Env): ProjectorConfig {
  return loadConfig(env, (e) => {
    const reportTimeZone = e.string('REPORT_TIMEZONE', 'UTC');
    if (!isValidTimeZone(reportTimeZone)) {
      e.problems.push(`REPORT_TIMEZONE "${reportTimeZone}" is not an IANA time zone`);
    }
    const config: ProjectorConfig = {
      cosmos: readCosmosAddress(e),
      cosmosDatabase: e.string('COSMOS_DATABASE', 'marquee'),
      reportTimeZone,
      opsPort: e.int('OPS_PORT', 9092, { min: 0, max: 65535 }),
      opsHost: e.string('OPS_HOST', '127.0.0.1'),
      logLevel: e.oneOf('LOG_LEVEL', LOG_LEVELS, 'info'),
      instanceName: e.string('INSTANCE_NAME', `${hostname()}-${process.pid}`),
      processor: {
        pollIntervalMs: e.int('POLL_INTERVAL_MS', 100, { min: 1 }),
        leaseRenewIntervalMs: e.int('LEASE_RENEW_INTERVAL_MS', 1_000, { min: 1 }),
        leaseExpirationMs: e.int('LEASE_EXPIRATION_MS', 5_000, { min: 2 }),
        leaseAcquireIntervalMs: e.int('LEASE_ACQUIRE_INTERVAL_MS', 1_000, { min: 1 }),
        // Catching up, a page's docs are written once per page: 2,000 changes per page took view writes from
        // ~335 to ~91 per 1,000 events and the projector's CPU from ~670 to ~310 ms (pnpm bench projector).
        maxItemCount: e.int('MAX_ITEM_COUNT', 2_000, { min: 1, max: 10_000 }),
        // ...read as responses of 250: a 2,000-change response (~3 MB of body, then its decoded changes) outlived
        // V8's young generation and was collected late and dearly; smaller ones die young. In a 100k burst the
        // projector's CPU fell by 25-40%; its peak RSS was 194-218 MiB with responses of 500, 183-198 with 250,
        // writes and catch-up unchanged (services/projector's README, "Memory").
        readItemCount: e.int('FEED_READ_ITEMS', 250, { min: 1, max: 10_000 }),
        minBatchIntervalMs: e.int('MIN_BATCH_INTERVAL_MS', 250, { min: 0, max: 10_000 }),
        freshBatchIntervalMs: e.int('FRESH_BATCH_INTERVAL_MS', 250, { min: 0, max: 10_000 }),
        freshBatchIntervalMinMs: e.int('FRESH_BATCH_INTERVAL_MIN_MS', 100, { min: 0, max: 10_000 }),
        heavyEventsPerSecond: e.int('HEAVY_LEASE_EVENTS_PER_SECOND', 500, { min: 1 }),
        stallThresholdMs: e.int('STALL_THRESHOLD_MS', 60_000, { min: 1 }),
      },
      writeConcurrency: e.int('WRITE_CONCURRENCY', 8, { min: 1, max: 64 }),
      generationPollMs: e.int('GENERATION_POLL_MS', 2_000, { min: 10 }),
      catalogPollMs: e.int('CATALOG_POLL_MS', 5_000, { min: 10 }),
      statusIntervalMs: e.int('STATUS_INTERVAL_MS', 5_000, { min: 100 }),
      graceMs: e.int('SHUTDOWN_GRACE_MS', 20_000, { min: 0 }),
    };
    const p = config.processor;
    if (p.leaseExpirationMs < 2 * p.leaseRenewIntervalMs) {
      e.problems.push('LEASE_EXPIRATION_MS must be at least twice LEASE_RENEW_INTERVAL_MS');
    }
    return config;
  });
}
