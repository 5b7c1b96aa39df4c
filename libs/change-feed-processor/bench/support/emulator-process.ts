// The emulator in its own process, so that benchmark figures are not skewed by sharing one event loop with it.
// Prints the endpoint on stdout, runs until SIGTERM.
import { startCosmosEmulator } from '@marquee/cosmos-emulator';
import { pino } from 'pino';

const emulator = await startCosmosEmulator({ port: 0, partitionCount: 4, logger: pino({ level: 'warn' }) });
process.stdout.write(`${emulator.endpoint}\n`);
process.on('SIGTERM', () => {
  void emulator.close().then(() => process.exit(0));
});
