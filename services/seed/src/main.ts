// `pnpm seed`: creates the `marquee` database, its containers, and the catalog. Safe to run again.
import {
  LOG_LEVELS,
  createCosmosClient,
  createLogger,
  loadConfig,
  retry,
  readCosmosAddress,
} from '@marquee/platform';
import { seed } from './seed.ts';

const config = loadConfig(process.env, (e) => ({
  cosmos: readCosmosAddress(e),
  database: e.string('COSMOS_DATABASE', 'marquee'),
  logLevel: e.oneOf('LOG_LEVEL', LOG_LEVELS, 'info'),
}));
const logger = createLogger('seed', config.logLevel);
const client = createCosmosClient(config.cosmos, 'marquee-seed');
try {
  const started = performance.now();
  // The store may still be starting (a container that came up alongside it): retry while it is unreachable.
  const result = await retry(
    () =>
      seed(client, config.database, logger, {
        createContainers: config.cosmos.name === 'COSMOS_CONNECTION_STRING',
      }),
    {
      retries: 20,
      baseMs: 500,
      maxMs: 5_000,
      onRetry: (err, attempt) => logger.warn({ err, attempt }, 'store not reachable yet; retrying'),
    },
  );
  logger.info(
    { database: config.database, ...result, ms: Math.round(performance.now() - started) },
    'seeded',
  );
} catch (err) {
  logger.fatal({ err }, 'seeding failed');
  process.exitCode = 1;
} finally {
  client.dispose();
}
