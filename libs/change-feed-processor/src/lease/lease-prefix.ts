// Where a processor's leases live in the lease container: the .NET processor names them
// `${processorName}${endpointHost}_${databaseRid}_${containerRid}..${leaseToken}` (GetLeasePrefix in its
// CosmosContainerExtensions), so leases of one processor name over different monitored containers or accounts
// never collide. Marquee computes the same prefix, which is what makes a mixed fleet one fleet.
import type { Container } from '@azure/cosmos';
import type { LeaseFormat } from './lease-format.ts';

export const LATEST_VERSION_MODE = 'Incremental Feed';
export const ALL_VERSIONS_MODE = 'Full-Fidelity Feed';

export function leasePrefixOf(
  processorName: string,
  endpointHost: string,
  databaseRid: string,
  containerRid: string,
): string {
  return `${processorName}${endpointHost}_${databaseRid}_${containerRid}`;
}

/**
 * A database's rid is the first four bytes of its containers' rids (Cosmos resource ids are nested), which is
 * how the .NET SDK finds it. Rids are base64 with `-` for `/`.
 */
export function databaseRidOf(containerRid: string): string {
  const bytes = Buffer.from(containerRid.replace(/-/g, '/'), 'base64');
  return bytes.subarray(0, 4).toString('base64').replace(/\//g, '-');
}

/** The host name of the account endpoint the monitored container's client was created with. */
export async function endpointHostOf(monitored: Container): Promise<string> {
  const client = monitored.database.client;
  // The SDK keeps the configured endpoint in a private field; the .NET processor uses the configured one too.
  // getWriteEndpoint() is the fallback (with endpoint discovery it may be a regional host: set endpointHost).
  const configured = (
    client as unknown as { clientContext?: { cosmosClientOptions?: { endpoint?: unknown } } }
  ).clientContext?.cosmosClientOptions?.endpoint;
  const endpoint = typeof configured === 'string' ? configured : await client.getWriteEndpoint();
  return new URL(endpoint).hostname;
}

export async function resolveLeaseFormat(
  monitored: Container,
  processorName: string,
  allVersions: boolean,
  endpointHost: string | undefined,
): Promise<LeaseFormat> {
  const { resource } = await monitored.read();
  const containerRid = resource?._rid;
  if (containerRid === undefined) throw new Error(`monitored container ${monitored.id} has no _rid`);
  const host = endpointHost ?? (await endpointHostOf(monitored));
  return {
    prefix: leasePrefixOf(processorName, host, databaseRidOf(containerRid), containerRid),
    containerRid,
    mode: allVersions ? ALL_VERSIONS_MODE : LATEST_VERSION_MODE,
  };
}
