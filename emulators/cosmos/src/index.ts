// Public entry: start a Cosmos DB emulator that the unmodified @azure/cosmos SDK can talk to over http.
import type { AddressInfo } from 'node:net';
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
}

export interface RunningCosmosEmulator {
  port: number;
  /** http://127.0.0.1:PORT/ */
  endpoint: string;
  key: string;
  connectionString: string;
  close(): Promise<void>;
}

export async function startCosmosEmulator(
  options: CosmosEmulatorOptions = {},
): Promise<RunningCosmosEmulator> {
  const host = options.host ?? '127.0.0.1';
  const logger = (options.logger ?? pino({ level: 'info' })).child({ component: 'cosmos-emulator' });
  const account = new Account({
    partitionCount: options.partitionCount ?? 4,
    historyRetentionMs: options.historyRetentionMs ?? 10 * 60_000,
    historyMaxEntries: options.historyMaxEntries ?? 100_000,
  });
  const persistence = options.dataDir
    ? new Persistence(options.dataDir, account, {
        compactBytes: options.journalCompactBytes,
        onError: (err) => logger.warn({ err }, 'journal compaction failed; the journal is kept'),
      })
    : undefined;
  persistence?.load();

  const server = createEmulatorServer(account, logger);
  server.keepAliveTimeout = 65_000;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 8081, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    persistence?.close(); // release the journals opened by load()
    throw err;
  }
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  const endpoint = `http://${urlHost}:${port}/`;

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
    close() {
      closing ??= new Promise<void>((resolve) => {
        clearInterval(sweep);
        server.close(() => resolve());
        server.closeAllConnections();
      }).then(() => {
        persistence?.close();
        logger.info({ endpoint }, 'cosmos emulator stopped');
      });
      return closing;
    },
  };
}
