// Runs the emulator in the foreground:
//   node emulators/eventhubs/src/cli.ts [--port 5672] [--host 127.0.0.1] [--config hubs.json] [--data-dir dir]
import { parseArgs } from 'node:util';
import pino from 'pino';
import { loadHubsFile } from './configFile.ts';
import { startEventHubsEmulator } from './emulator.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '5672' },
    host: { type: 'string', default: '127.0.0.1' },
    config: { type: 'string' },
    'data-dir': { type: 'string' },
  },
});

// Logs go to stderr so stdout carries only the connection string (scripts read its first line).
const logger = pino(
  { name: 'eventhubs-emulator', level: process.env.LOG_LEVEL ?? 'info' },
  pino.destination(2),
);
const emulator = await startEventHubsEmulator({
  host: values.host,
  port: Number(values.port),
  hubs: values.config ? loadHubsFile(values.config) : undefined,
  dataDir: values['data-dir'],
  logger,
});
process.stdout.write(`${emulator.connectionString}\n`);

const stop = (signal: string): void => {
  logger.info({ signal }, 'stopping');
  emulator.close().then(
    () => process.exit(0),
    (err: unknown) => {
      logger.error({ err }, 'error while stopping');
      process.exit(1);
    },
  );
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
