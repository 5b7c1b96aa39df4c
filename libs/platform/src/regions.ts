// Settings for running in more than one Azure region (docs/regional-resilience.md).
import type { CosmosAddress, ResourceAddress } from './azure-clients.ts';
import type { EnvReader } from './config.ts';
import { LOCAL_STACK } from './local-defaults.ts';

/**
 * `COSMOS_PREFERRED_REGIONS=North Europe,West Europe`: the regions the Cosmos SDK tries first, nearest first.
 * The SDK reads the account's regions from its metadata and moves reads and writes to the next available one
 * when a region fails or the write region moves, so this only orders them; empty leaves the order to the account.
 */
export function readCosmosAddress(e: EnvReader): CosmosAddress {
  const address = e.either('COSMOS_CONNECTION_STRING', 'COSMOS_ENDPOINT', LOCAL_STACK.cosmosConnectionString);
  return {
    ...address,
    preferredRegions: e.list('COSMOS_PREFERRED_REGIONS'),
    endpointRefreshMs: e.int('COSMOS_ENDPOINT_REFRESH_MS', 30_000, { min: 100 }),
  };
}

/** `orders-region1` → `ORDERS_REGION1`: the suffix of a per-hub setting's name. */
export const settingSuffix = (name: string): string => name.toUpperCase().replace(/[^A-Z0-9]/g, '_');

/**
 * Where one event hub is: `EVENTHUB_CONNECTION_STRING__<HUB>` or `EVENTHUB_FQDN__<HUB>` when a hub lives in
 * another namespace (one namespace per region), the shared address otherwise.
 */
export function eventHubAddressOf(e: EnvReader, hub: string, shared: ResourceAddress): ResourceAddress {
  const suffix = settingSuffix(hub);
  const names = [`EVENTHUB_CONNECTION_STRING__${suffix}`, `EVENTHUB_FQDN__${suffix}`] as const;
  const [connection, fqdn] = names.map((name) => e.optional(name));
  if (connection !== undefined && fqdn !== undefined)
    e.problems.push(`set ${names[0]} or ${names[1]}, not both`);
  if (connection !== undefined) return { name: names[0], value: connection };
  if (fqdn !== undefined) return { name: names[1], value: fqdn };
  return shared;
}

/** The hubs to consume or send to: `EVENTHUB_NAMES` (a list), else `EVENTHUB_NAME`, else the default. */
export function readEventHubNames(e: EnvReader, fallback: string): string[] {
  const names = e.list('EVENTHUB_NAMES');
  return names.length > 0 ? names : [e.string('EVENTHUB_NAME', fallback)];
}
