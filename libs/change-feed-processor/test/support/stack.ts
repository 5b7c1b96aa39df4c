// A Cosmos emulator on a free port, with a database, a monitored container (/pk) and a lease container (/id).
import {
  BulkOperationType,
  CosmosClient,
  type Container,
  type Database,
  type OperationInput,
} from '@azure/cosmos';
import { startCosmosEmulator, type RunningCosmosEmulator } from '@marquee/cosmos-emulator';
import { pino } from 'pino';
import { ensureLeaseContainer, listLeases, type LeaseDocument } from '../../src/index.ts';

export interface Stack {
  readonly emulator: RunningCosmosEmulator;
  readonly database: Database;
  readonly monitored: Container;
  readonly leases: Container;
  /** A separate client (own connections and caches), as another process would have. */
  client(): { monitored: Container; leases: Container };
  /** The leases of a processor on `monitored`, decoded as the processor sees them. */
  leasesOf(processorName: string): Promise<LeaseDocument[]>;
  /** Registers something to stop before the emulator closes (so a failed test cannot leave loops running). */
  track<T extends { stop(): Promise<void> }>(stoppable: T): T;
  /** Stops what was tracked, then the clients and the emulator. */
  close(): Promise<void>;
}

/** Short intervals keep the integration tests fast; the ratios match the defaults' spirit. */
export const FAST = {
  pollIntervalMs: 50,
  leaseRenewIntervalMs: 200,
  leaseExpirationMs: 1_500,
  leaseAcquireIntervalMs: 200,
  retry: { initialMs: 20, maxMs: 200 },
  stopTimeoutMs: 5_000,
} as const;

export const quietLogger = pino({ level: process.env.CFP_TEST_LOG ?? 'silent' });

export async function startStack(partitionCount = 4): Promise<Stack> {
  const emulator = await startCosmosEmulator({ port: 0, partitionCount, logger: pino({ level: 'warn' }) });
  const clients: CosmosClient[] = [];
  const tracked: Array<{ stop(): Promise<void> }> = [];
  const connect = (): CosmosClient => {
    const c = new CosmosClient({
      endpoint: emulator.endpoint,
      key: emulator.key,
      connectionPolicy: { enableEndpointDiscovery: false },
    });
    clients.push(c);
    return c;
  };
  const { database } = await connect().databases.createIfNotExists({ id: 'cfp' });
  const { container: monitored } = await database.containers.createIfNotExists({
    id: 'events',
    partitionKey: { paths: ['/pk'] },
  });
  const leases = await ensureLeaseContainer(database, 'leases');
  return {
    emulator,
    database,
    monitored,
    leases,
    leasesOf(processorName) {
      return listLeases({ leases, monitored, processorName });
    },
    client() {
      const db = connect().database('cfp');
      return { monitored: db.container('events'), leases: db.container('leases') };
    },
    track(stoppable) {
      tracked.push(stoppable);
      return stoppable;
    },
    async close() {
      await Promise.all(tracked.map((t) => t.stop()));
      for (const c of clients) c.dispose();
      await emulator.close();
    },
  };
}

/** Writes `count` items (`${prefix}${i}`, spread over partition keys) with bulk requests, several in flight. */
export async function writeItems(
  container: Container,
  count: number,
  prefix = 'e',
  from = 0,
): Promise<string[]> {
  const ids = Array.from({ length: count }, (_, i) => `${prefix}${from + i}`);
  const chunks: OperationInput[][] = [];
  for (let i = 0; i < ids.length; i += 100) {
    chunks.push(
      ids.slice(i, i + 100).map((id) => ({
        operationType: BulkOperationType.Upsert,
        resourceBody: { id, pk: `k${id}`, n: Number(id.slice(prefix.length)) },
      })),
    );
  }
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < chunks.length) {
      const chunk = chunks[next++]!;
      // items.bulk (one request per range per chunk) rather than executeBulkOperations, whose batching adds
      // about a second of latency per call in @azure/cosmos 4.10.
      const results = await container.items.bulk(chunk);
      const failed = results.filter((r) => r.statusCode >= 300);
      if (failed.length > 0) throw new Error(`bulk write failed for ${failed.length} items`);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return ids;
}

export async function waitFor(what: string, predicate: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
