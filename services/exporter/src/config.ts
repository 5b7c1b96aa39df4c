import { hostname } from 'node:os';
import {
  LOCAL_STACK,
  LOG_LEVELS,
  loadConfig,
  type Env,
  type LogLevel,
  type ResourceAddress,
} from '@marquee/platform';

export interface ExporterConfig {
  cosmos: ResourceAddress;
  cosmosDatabase: string;
  storage: ResourceAddress;
  /** Blob container of the Parquet files. */
  exportContainer: string;
  /** The change feed processor's name: its leases in `leases` are the export's own. */
  processorName: string;
  instanceName: string;
  maxItemCount: number;
  pollIntervalMs: number;
  /** A lease with work in hand and no progress for this long makes /readyz say degraded. */
  stallThresholdMs: number;
  /** How often this instance writes its status document (the api's pipeline panel). */
  statusIntervalMs: number;
  logLevel: LogLevel;
  opsPort: number;
  opsHost: string;
  graceMs: number;
}

export function loadExporterConfig(env: Env): ExporterConfig {
  return loadConfig(env, (e) => ({
    cosmos: e.either('COSMOS_CONNECTION_STRING', 'COSMOS_ENDPOINT', LOCAL_STACK.cosmosConnectionString),
    cosmosDatabase: e.string('COSMOS_DATABASE', 'marquee'),
    storage: e.either('STORAGE_CONNECTION_STRING', 'STORAGE_BLOB_URL', LOCAL_STACK.storageConnectionString),
    exportContainer: e.string('EXPORT_CONTAINER', 'raw-events'),
    processorName: e.string('EXPORT_PROCESSOR_NAME', 'exporter'),
    instanceName: e.string('INSTANCE_NAME', `${hostname()}-${process.pid}`),
    // A batch is a file per type and date: bigger pages mean fewer, larger files.
    maxItemCount: e.int('MAX_ITEM_COUNT', 5_000, { min: 1, max: 10_000 }),
    pollIntervalMs: e.int('POLL_INTERVAL_MS', 1_000, { min: 1 }),
    stallThresholdMs: e.int('STALL_THRESHOLD_MS', 60_000, { min: 1 }),
    statusIntervalMs: e.int('STATUS_INTERVAL_MS', 5_000, { min: 100 }),
    logLevel: e.oneOf('LOG_LEVEL', LOG_LEVELS, 'info'),
    opsPort: e.int('OPS_PORT', 9097, { min: 0, max: 65535 }),
    opsHost: e.string('OPS_HOST', '127.0.0.1'),
    graceMs: e.int('SHUTDOWN_GRACE_MS', 20_000, { min: 0 }),
  }));
}
