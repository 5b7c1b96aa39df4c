// Composition root of cache-sync: config → logger → lifecycle and signals → clients and app (startCacheSync).
import { loadConfigOrExit, createLogger, ServiceLifecycle } from '@marquee/platform';
import { loadCacheSyncConfig } from './config.ts';
import { startCacheSync } from './cache-sync.ts';

const config = loadConfigOrExit('cache-sync', () => loadCacheSyncConfig(process.env));

const logger = createLogger('cache-sync', config.logLevel);
const lifecycle = new ServiceLifecycle(logger, { graceMs: config.graceMs });
lifecycle.handleSignals();
lifecycle.add('cache-sync', await startCacheSync(config, logger));
