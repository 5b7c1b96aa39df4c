// Foreground emulator: `node emulators/cosmos/src/cli.ts [--port 8081] [--host 127.0.0.1] [--partitions 4]
// [--data-dir dir] [--log-level info] [--regions "Region 1,Region 2"] [--no-index]`: with --regions each region gets its own
// endpoint (free ports, logged) and the global endpoint serves /_emulator/ controls (see http/region-control.ts). Prints the connection string on stdout; SIGINT/SIGTERM stop it cleanly.
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
    regions: { type: 'string' },
    'no-index': { type: 'boolean', default: false },
  },
});

const emulator = await startCosmosEmulator({
  host: values.host,
  port: Number(values.port),
  partitionCount: Number(values.partitions),
  dataDir: values['data-dir'],
  logger: pino({ level: values['log-level'] }),
  equalityIndex: !values['no-index'],
  ...(values.regions ? { regions: values.regions.split(',').map((r) => r.trim()) } : {}),
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
