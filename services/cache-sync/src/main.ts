// Composition root of cache-sync: config → logger → lifecycle (signals) → clients → app (startCacheSync).
// Signals are handled from the start, so a SIGTERM while the store or Redis is still coming up closes what
// is already open; the lifecycle closes in reverse order, so the app stops before the clients it uses.
import { createLogger, createRegistry, loadConfigOrExit, ServiceLifecycle } from '@marquee/platform';
import { closeClients, createClients } from './clients.ts';
import { loadCacheSyncConfig } from './config.ts';
import { startCacheSync } from './cache-sync.ts';

const config = loadConfigOrExit('cache-sync', () => loadCacheSyncConfig(process.env));

const logger = createLogger('cache-sync', config.logLevel);
const lifecycle = new ServiceLifecycle(logger, { graceMs: config.graceMs });
lifecycle.handleSignals();
const registry = createRegistry('cache-sync');

const clients = createClients(config, logger);
lifecycle.add('clients', { close: async () => closeClients(clients) });

lifecycle.add('cache-sync', await startCacheSync(config, clients, logger, { registry }));
lifecycle.started();
