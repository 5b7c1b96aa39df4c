// Composition: options -> namespace (hubs, partition logs, optional segment files) -> AMQP listener.
import pino from 'pino';
import { normalizeHubs, type EventHubsEmulatorOptions } from './config.ts';
import { emulatorConnectionString } from './connectionString.ts';
import { Namespace } from './hub/index.ts';
import { resolveRetention } from './log/index.ts';
import { listenAmqp } from './server/index.ts';

export interface RunningEventHubsEmulator {
  port: number;
  connectionString: string;
  close(): Promise<void>;
}

export async function startEventHubsEmulator(
  options: EventHubsEmulatorOptions = {},
): Promise<RunningEventHubsEmulator> {
  const logger = (options.logger ?? pino({ name: 'eventhubs-emulator' })).child({
    component: 'eventhubs-emulator',
  });
  const hubs = normalizeHubs(options.hubs);
  const retention = resolveRetention(options.retention);
  const namespace = new Namespace(hubs, retention, Date.now(), options.dataDir, options.segmentBytes);
  let server;
  try {
    server = await listenAmqp({
      host: options.host ?? '127.0.0.1',
      port: options.port ?? 5672,
      namespace,
      logger,
    });
  } catch (err) {
    namespace.close();
    throw err;
  }
  // Age-based retention also has to act when nothing is being published.
  const retentionTimer = setInterval(
    () => namespace.applyRetention(Date.now()),
    Math.max(50, Math.min(1000, retention.maxAgeMs / 4)),
  ).unref();
  const port = server.port;
  logger.info(
    { port, hubs: hubs.map((h) => `${h.name}(${h.partitionCount})`), dataDir: options.dataDir },
    'event hubs emulator listening',
  );
  let closing: Promise<void> | undefined;
  return {
    port,
    connectionString: emulatorConnectionString(port),
    close: () =>
      (closing ??= (async () => {
        clearInterval(retentionTimer);
        await server.close();
        namespace.close();
        logger.info('event hubs emulator stopped');
      })()),
  };
}
