// Foreground emulator: `node emulators/cosmos/src/cli.ts [--port 8081] [--host 127.0.0.1] [--partitions 4]
// [--data-dir dir] [--log-level info]`. Prints the connection string on stdout; SIGINT/SIGTERM stop it cleanly.
import { parseArgs } from 'node:util';
import pino from 'pino';
import { startCosmosEmulator } from './index.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8081' },
    host: { type: 'string', default: '127.0.0.1' },
    partitions: { type: 'string', default: '4' },
    'data-dir': { type: 'string' },
    'log-level': { type: 'string', default: 'info' },
  },
});

const emulator = await startCosmosEmulator({
  host: values.host,
  port: Number(values.port),
  partitionCount: Number(values.partitions),
  dataDir: values['data-dir'],
  logger: pino({ level: values['log-level'] }),
});
process.stdout.write(`${emulator.connectionString}\n`);

let stopping = false;
const stop = (): void => {
  if (stopping) return;
  stopping = true;
  emulator.close().then(
    () => process.exit(0),
    (err: unknown) => {
      process.stderr.write(`failed to stop: ${String(err)}\n`);
      process.exit(1);
    },
  );
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
