// Composition root of cache-sync: config → logger → lifecycle and signals → clients and app (startCacheSync).
import { ConfigError, createLogger, ServiceLifecycle } from '@marquee/platform';
import { loadCacheSyncConfig, type CacheSyncConfig } from './config.ts';
import { startCacheSync } from './cache-sync.ts';

let config: CacheSyncConfig;
try {
  config = loadCacheSyncConfig(process.env);
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  process.stderr.write(`cache-sync: ${err.message}\n`);
  process.exit(2);
}

const logger = createLogger('cache-sync', config.logLevel);
const lifecycle = new ServiceLifecycle(logger, { graceMs: config.graceMs });
lifecycle.handleSignals();
lifecycle.add('cache-sync', await startCacheSync(config, logger));
