// Runs the emulator in the foreground:
//   node emulators/eventhubs/src/cli.ts [--port 5672] [--host 127.0.0.1] [--config hubs.json] [--data-dir dir]
//     [--retention-minutes 60] [--retention-mib 128] [--retention-events 1000000]   (per partition)
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
    'retention-minutes': { type: 'string' },
    'retention-mib': { type: 'string' },
    'retention-events': { type: 'string' },
  },
});

/** A positive number from a flag, or undefined (the default applies) when the flag is absent. */
function positive(flag: string, scale: number): number | undefined {
  const raw = values[flag as keyof typeof values];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!(n > 0)) {
    process.stderr.write(`--${flag} must be a number > 0, got ${String(raw)}\n`);
    process.exit(2);
  }
  return Math.round(n * scale);
}

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
  retention: {
    maxAgeMs: positive('retention-minutes', 60_000),
    maxBytesPerPartition: positive('retention-mib', 1024 * 1024),
    maxEventsPerPartition: positive('retention-events', 1),
  },
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
