// `pnpm stack`: the local Azure stack in the foreground. Prints every connection string; Ctrl-C stops it all.
import { parseArgs } from 'node:util';
import path from 'node:path';
import pino from 'pino';
import { startLocalStack } from './local-stack.ts';
import { resetStackData } from './services.ts';

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    'in-memory': { type: 'boolean', default: false },
    reset: { type: 'boolean', default: false },
    'eventhubs-config': { type: 'string' },
    'cosmos-partitions': { type: 'string', default: '4' },
    'log-level': { type: 'string', default: process.env.LOG_LEVEL ?? 'info' },
  },
});

const logger = pino({ level: values['log-level'], base: { component: 'local-stack' } });
// The demo keeps its data under .data/ so a restarted stack still has its events; --in-memory forgets.
const dataDir = values['in-memory'] ? undefined : path.resolve(values['data-dir'] ?? '.data');
// --reset starts from empty: the emulators' and Azurite's data (not the directory itself, nor anything else in it).
if (values.reset && dataDir) {
  const removed = resetStackData(dataDir);
  logger.info({ dataDir, removed }, 'cleared the stack data');
}

try {
  const stack = await startLocalStack({
    dataDir,
    eventHubsConfigFile: values['eventhubs-config'],
    cosmosPartitions: Number(values['cosmos-partitions']),
    reuseRunningRedis: true,
    logger,
  });
  const c = stack.connections;
  process.stdout.write(
    [
      '',
      'Local Azure stack is up' +
        (dataDir ? ` (data in ${dataDir})` : ' (in memory)') +
        '. Connection strings:',
      `  EVENTHUB_CONNECTION_STRING="${c.eventHubs}"`,
      `  STORAGE_CONNECTION_STRING="${c.storage}"`,
      `  COSMOS_CONNECTION_STRING="${c.cosmos}"`,
      `  REDIS_URL="${c.redis}"`,
      '',
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping the local stack');
    stack.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'stop failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
} catch (err) {
  logger.fatal({ err }, 'the local stack could not start');
  process.exit(1);
}
