// Client factories: a connection string when one is given (the local stack, or keys), otherwise the
// endpoint with DefaultAzureCredential (managed identity on AKS, `az login` on a laptop).
import { CosmosClient } from '@azure/cosmos';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type * as Identity from '@azure/identity';
import type * as StorageBlob from '@azure/storage-blob';
import type * as EventHubs from '@azure/event-hubs';
import type {
  CheckpointStore,
  EventHubConsumerClient,
  EventHubConsumerClientOptions,
  EventHubClientOptions,
  EventHubProducerClient,
} from '@azure/event-hubs';
import type { ContainerClient } from '@azure/storage-blob';
import { ConfigError } from './errors.ts';

// @azure/identity and MSAL are ~300 modules, ~0.25 s of CPU to load: only Entra ID needs them, so they are loaded
// the first time a credential is made, and a service on connection strings (the local stack, tests) starts without.
const requireOnDemand = createRequire(import.meta.url);

/** DefaultAzureCredential (workload identity on AKS, `az login` on a laptop), loading @azure/identity on first use. */
/**
 * The ESM build of `name`, loaded on first use: @azure/event-hubs and @azure/storage-blob (~7 MiB of a process's
 * memory) only for the services that make those clients, not the projector or the api. `require` of the ESM
 * entry (Node's require(esm)) keeps it the very module instance other imports of it get (e.g. the blob
 * checkpoint store's): a `require('@azure/storage-blob')` would load the CommonJS build, a second copy.
 */
function esmOnDemand<T>(name: string): T {
  return requireOnDemand(fileURLToPath(import.meta.resolve(name))) as T;
}

export function defaultAzureCredential(): Identity.TokenCredential {
  const { DefaultAzureCredential } = requireOnDemand('@azure/identity') as typeof Identity;
  return new DefaultAzureCredential();
}

/** Where a resource is: `{ name: 'X_CONNECTION_STRING', value }` or `{ name: 'X_ENDPOINT', value }`. */
export interface ResourceAddress {
  name: string;
  value: string;
}

/** Keys (a connection string) rather than Entra ID (an endpoint). */
/** `X_CONNECTION_STRING`, or a per-resource `X_CONNECTION_STRING__<SUFFIX>` (a hub in its region's namespace). */
export const isConnectionString = (a: ResourceAddress): boolean => /CONNECTION_STRING(__\w+)?$/.test(a.name);

/** A Cosmos account's address, with the regions this client prefers (see readCosmosAddress). */
export interface CosmosAddress extends ResourceAddress {
  preferredRegions?: readonly string[];
  /** How often the client re-reads the account's regions; the SDK's default is 5 minutes. */
  endpointRefreshMs?: number;
}

/**
 * `preferredRegions` orders the account's regions for this client (nearest first). Endpoint discovery stays on
 * (the SDK's default, stated here because failover rests on it): the client reads the account's writable and
 * readable regions, and when a region stops answering or the write region moves it refreshes them and retries
 * in the next one, so a service follows a Cosmos failover without a restart.
 */
export function createCosmosClient(address: CosmosAddress, userAgentSuffix: string): CosmosClient {
  const preferredLocations = [...(address.preferredRegions ?? [])];
  // The SDK moves by itself after a 403 "write forbidden" or an unresolvable host, but a region that refuses
  // connections is only left at the next background refresh of the account's regions: refreshing every 30 s
  // instead of every 5 minutes bounds how long writes keep failing after the write region moved.
  const connectionPolicy = {
    enableEndpointDiscovery: true,
    preferredLocations,
    enableBackgroundEndpointRefreshing: true,
    endpointRefreshRateInMs: address.endpointRefreshMs ?? 30_000,
  };
  if (isConnectionString(address)) {
    return new CosmosClient({
      ...parseCosmosConnectionString(address.value),
      userAgentSuffix,
      connectionPolicy,
    });
  }
  return new CosmosClient({
    endpoint: address.value,
    aadCredentials: defaultAzureCredential(),
    userAgentSuffix,
    connectionPolicy,
  });
}

function parseCosmosConnectionString(value: string): { endpoint: string; key: string } {
  const parts = new Map(
    value
      .split(';')
      .filter((p) => p.includes('='))
      .map((p) => [p.slice(0, p.indexOf('=')).toLowerCase(), p.slice(p.indexOf('=') + 1)] as const),
  );
  const endpoint = parts.get('accountendpoint');
  const key = parts.get('accountkey');
  if (!endpoint || !key)
    throw new ConfigError(['a Cosmos connection string needs AccountEndpoint and AccountKey']);
  return { endpoint, key };
}

export function createBlobContainerClient(address: ResourceAddress, container: string): ContainerClient {
  const { BlobServiceClient } = esmOnDemand<typeof StorageBlob>('@azure/storage-blob');
  const service = isConnectionString(address)
    ? BlobServiceClient.fromConnectionString(address.value)
    : new BlobServiceClient(address.value, defaultAzureCredential());
  return service.getContainerClient(container);
}

export function createEventHubConsumerClient(
  address: ResourceAddress,
  eventHubName: string,
  consumerGroup: string,
  checkpointStore: CheckpointStore,
  options: EventHubConsumerClientOptions = {},
): EventHubConsumerClient {
  const { EventHubConsumerClient } = esmOnDemand<typeof EventHubs>('@azure/event-hubs');
  if (isConnectionString(address)) {
    return new EventHubConsumerClient(consumerGroup, address.value, eventHubName, checkpointStore, options);
  }
  const credential = defaultAzureCredential();
  return new EventHubConsumerClient(
    consumerGroup,
    address.value,
    eventHubName,
    credential,
    checkpointStore,
    options,
  );
}

/** How an Event Hubs client retries what the SDK classes as retryable: each try bounded, exponential waits. */
export interface EventHubsRetry {
  timeoutMs: number;
  delayMs: number;
  maxDelayMs: number;
  maxRetries: number;
}

/** The SDK's retry options for `retry` (its own defaults: 60 s a try, a fixed 30 s between three tries). */
export function eventHubsRetryOptions(
  retry: EventHubsRetry,
): NonNullable<EventHubClientOptions['retryOptions']> {
  const { RetryMode } = esmOnDemand<typeof EventHubs>('@azure/event-hubs');
  return {
    mode: RetryMode.Exponential,
    timeoutInMs: retry.timeoutMs,
    retryDelayInMs: retry.delayMs,
    maxRetryDelayInMs: retry.maxDelayMs,
    maxRetries: retry.maxRetries,
  };
}

export function createEventHubProducerClient(
  address: ResourceAddress,
  eventHubName: string,
  options: EventHubClientOptions = {},
): EventHubProducerClient {
  const { EventHubProducerClient } = esmOnDemand<typeof EventHubs>('@azure/event-hubs');
  if (isConnectionString(address)) return new EventHubProducerClient(address.value, eventHubName, options);
  return new EventHubProducerClient(address.value, eventHubName, defaultAzureCredential(), options);
}
