// Azurite's blob service in-process, in memory, on a free port: what BlobCheckpointStore needs in tests.
// Azurite ships no type declarations, so its classes are loaded through require with the few members used here.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

interface BlobServerLike {
  start(): Promise<void>;
  close(): Promise<void>;
  clean(): Promise<void>;
  getHttpServerAddress(): string;
}
type BlobServerClass = new (configuration: unknown) => BlobServerLike;
type BlobConfigurationClass = new (...args: unknown[]) => unknown;
type ChunkStoreClass = new (sizeLimit: number) => unknown;

/** Azurite's well-known development account (public; documented by Microsoft for local emulators). */
export const AZURITE_ACCOUNT = 'devstoreaccount1';
export const AZURITE_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface RunningAzurite {
  port: number;
  connectionString: string;
  close(): Promise<void>;
}

export async function startAzurite(): Promise<RunningAzurite> {
  const { default: BlobServer } = require('azurite/dist/src/blob/BlobServer.js') as {
    default: BlobServerClass;
  };
  const { default: BlobConfiguration } = require('azurite/dist/src/blob/BlobConfiguration.js') as {
    default: BlobConfigurationClass;
  };
  const { MemoryExtentChunkStore } = require('azurite/dist/src/common/persistence/MemoryExtentStore.js') as {
    MemoryExtentChunkStore: ChunkStoreClass;
  };
  // Positional arguments of Azurite 3.35's BlobConfiguration constructor.
  const config = new BlobConfiguration(
    '127.0.0.1', // host
    0, // port: any free one
    undefined, // keepAliveTimeout
    undefined, // metadataDBPath (unused in memory)
    undefined, // extentDBPath (unused in memory)
    undefined, // persistencePathArray
    false, // enableAccessLog
    undefined, // accessLogWriteStream
    false, // enableDebugLog
    undefined, // debugLogFilePath
    true, // loose
    true, // skipApiVersionCheck: the SDK's API version is newer than Azurite's
    '', // cert
    '', // key
    '', // pwd
    undefined, // oauth
    false, // disableProductStyleUrl
    true, // isMemoryPersistence
    new MemoryExtentChunkStore(256 * 1024 * 1024),
  );
  const server = new BlobServer(config);
  await server.start();
  const port = Number(new URL(server.getHttpServerAddress()).port);
  return {
    port,
    connectionString:
      `DefaultEndpointsProtocol=http;AccountName=${AZURITE_ACCOUNT};AccountKey=${AZURITE_KEY};` +
      `BlobEndpoint=http://127.0.0.1:${port}/${AZURITE_ACCOUNT};`,
    close: async () => {
      await server.close();
      await server.clean();
    },
  };
}
