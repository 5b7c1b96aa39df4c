// Public entry: start a Cosmos DB emulator that the unmodified @azure/cosmos SDK can talk to over http.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { AccountRegions } from './http/regions.ts';
import pino, { type Logger } from 'pino';
import { createEmulatorServer } from './http/server.ts';
import { Account } from './store/account.ts';
import { Persistence } from './store/persistence.ts';

/** Microsoft's well-known emulator key (not a secret). */
export const EMULATOR_KEY =
  'C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==';

export interface CosmosEmulatorOptions {
  /** Interface to bind; default 127.0.0.1. */
  host?: string;
  /** 0 = a free port; default 8081. */
  port?: number;
  /** Physical partitions (EPK ranges) per container; default 4. */
  partitionCount?: number;
  /** Keep databases, containers, items and LSNs here across restarts. */
  dataDir?: string;
  logger?: Logger;
  /** How often expired items are deleted; default 1000 ms. */
  ttlSweepIntervalMs?: number;
  /** Retention of the all-versions-and-deletes history; default 10 minutes. */
  historyRetentionMs?: number;
  /** Cap on all-versions-and-deletes history entries per range; default 100,000. */
  historyMaxEntries?: number;
  /**
   * With dataDir: a container's journal is compacted into a new snapshot once it is larger than both this and
   * the last snapshot; default 64 MiB.
   */
  journalCompactBytes?: number;
  /**
   * Present the account in these regions (e.g. `['Region 1', 'Region 2']`, the first is the write region), each
   * with its own endpoint on `regionPorts[i]` (0 or absent: a free port), beside the global endpoint.
   */
  regions?: readonly string[];
  regionPorts?: readonly number[];
  /**
   * Keep an equality index of each container's low-cardinality top-level properties, so `WHERE c.type = …`
   * scans only the matching documents; default true (false: every query scans, for comparisons).
   */
  equalityIndex?: boolean;
}

/** The account's regions, and the outage and failover switches (see http/region-control.ts). */
export interface EmulatorRegions {
  endpoints: Record<string, string>;
  readonly writeRegion: string;
  setOnline(name: string, online: boolean, failoverAfterMs?: number): Promise<void>;
  failover(writeRegion: string): void;
}

export interface RunningCosmosEmulator {
  port: number;
  /** http://127.0.0.1:PORT/ */
  endpoint: string;
  key: string;
  connectionString: string;
  /** With `options.regions`. */
  regions?: EmulatorRegions;
  close(): Promise<void>;
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

const stopListening = (server: Server): Promise<void> =>
  new Promise<void>((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeAllConnections();
  });

export async function startCosmosEmulator(
  options: CosmosEmulatorOptions = {},
): Promise<RunningCosmosEmulator> {
  const host = options.host ?? '127.0.0.1';
  const logger = (options.logger ?? pino({ level: 'info' })).child({ component: 'cosmos-emulator' });
  const account = new Account({
    partitionCount: options.partitionCount ?? 4,
    historyRetentionMs: options.historyRetentionMs ?? 10 * 60_000,
    historyMaxEntries: options.historyMaxEntries ?? 100_000,
    equalityIndex: options.equalityIndex ?? true,
  });
  const persistence = options.dataDir
    ? new Persistence(options.dataDir, account, {
        compactBytes: options.journalCompactBytes,
        onError: (err) => logger.warn({ err }, 'journal compaction failed; the journal is kept'),
      })
    : undefined;
  persistence?.load();

  const regions = options.regions ? new AccountRegions(options.regions) : undefined;
  const server = createEmulatorServer(account, logger, regions ? { regions } : undefined);
  server.keepAliveTimeout = 65_000;
  const regionServers = new Map<string, { server: Server; port: number }>();
  const urlHost = host.includes(':') ? `[${host}]` : host;
  let port: number;
  try {
    port = await listen(server, options.port ?? 8081, host);
    for (const [i, name] of (regions?.names ?? []).entries()) {
      const regional = createEmulatorServer(account, logger, { regions: regions!, region: name });
      const regionPort = await listen(regional, options.regionPorts?.[i] ?? 0, host);
      regionServers.set(name, { server: regional, port: regionPort });
      regions!.setEndpoint(name, `http://${urlHost}:${regionPort}/`);
    }
  } catch (err) {
    await Promise.all([server, ...[...regionServers.values()].map((r) => r.server)].map(stopListening));
    persistence?.close(); // release the journals opened by load()
    throw err;
  }
  const endpoint = `http://${urlHost}:${port}/`;
  if (regions) {
    // A region offline refuses connections on its port; back online, it listens on the same port again.
    regions.onChange = async (name, online) => {
      const regional = regionServers.get(name);
      if (!regional) return;
      if (online && !regional.server.listening) await listen(regional.server, regional.port, host);
      if (!online) await stopListening(regional.server);
      logger.info({ region: name, online, writeRegion: regions.writeRegion }, 'region switched');
    };
  }

  const sweep = setInterval(() => {
    const now = Date.now();
    for (const db of account.databases.values())
      for (const store of db.containers.values()) store.sweepExpired(now);
  }, options.ttlSweepIntervalMs ?? 1000);
  sweep.unref();

  logger.info({ endpoint, dataDir: options.dataDir }, 'cosmos emulator listening');
  let closing: Promise<void> | undefined;
  return {
    port,
    endpoint,
    key: EMULATOR_KEY,
    connectionString: `AccountEndpoint=${endpoint};AccountKey=${EMULATOR_KEY};`,
    ...(regions
      ? {
          regions: {
            endpoints: Object.fromEntries(
              regions.names.map((n) => [n, `http://${urlHost}:${regionServers.get(n)?.port}/`]),
            ),
            get writeRegion() {
              return regions.writeRegion;
            },
            setOnline: (name: string, online: boolean, failoverAfterMs?: number) =>
              regions.setOnline(name, online, failoverAfterMs),
            failover: (writeRegion: string) => regions.failover(writeRegion),
          },
        }
      : {}),
    close() {
      closing ??= (async () => {
        clearInterval(sweep);
        regions?.close();
        await Promise.all([server, ...[...regionServers.values()].map((r) => r.server)].map(stopListening));
      })().then(() => {
        persistence?.close();
        logger.info({ endpoint }, 'cosmos emulator stopped');
      });
      return closing;
    },
  };
}
