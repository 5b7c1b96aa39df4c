// Test fixtures: an emulator on a free port and SDK clients pointed at it.
import { CosmosClient, type Container, type Database } from '@azure/cosmos';
import pino from 'pino';
import { startCosmosEmulator, type CosmosEmulatorOptions, type RunningCosmosEmulator } from '../src/index.ts';

export interface Fixture {
  emulator: RunningCosmosEmulator;
  client: CosmosClient;
  database: Database;
  close(): Promise<void>;
}

export async function startFixture(options: CosmosEmulatorOptions = {}): Promise<Fixture> {
  const emulator = await startCosmosEmulator({ port: 0, logger: pino({ level: 'silent' }), ...options });
  const client = new CosmosClient(emulator.connectionString);
  const { database } = await client.databases.createIfNotExists({ id: 'testdb' });
  return {
    emulator,
    client,
    database,
    async close() {
      client.dispose();
      await emulator.close();
    },
  };
}

let seq = 0;
export async function freshContainer(
  database: Database,
  extra: Record<string, unknown> = {},
): Promise<Container> {
  seq++;
  const { container } = await database.containers.create({
    id: `c${seq}-${Date.now()}`,
    partitionKey: '/pk',
    ...extra,
  });
  return container;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The `_lsn` system property (not in the SDK's Resource type). */
export function lsnOf(doc: unknown): number {
  return (doc as { _lsn: number })._lsn;
}
