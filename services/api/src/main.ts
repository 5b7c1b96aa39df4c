// Composition root of the api service: config → logger → app (with its clients) → listen → signals.
import { createLogger, createRegistry, ServiceLifecycle, loadConfigOrExit } from '@marquee/platform';
import { loadApiConfig } from './config.ts';
import { buildApp } from './app.ts';
import { closeable, listen } from './server.ts';

const config = loadConfigOrExit('api', () => loadApiConfig(process.env));

const logger = createLogger('api', config.logLevel);
const lifecycle = new ServiceLifecycle(logger, { graceMs: config.graceMs });
lifecycle.handleSignals();

const app = buildApp({ config, logger, registry: createRegistry('api') });
lifecycle.add('http', closeable(app));
const address = await listen(app, config.host, config.port);
logger.info({ address }, 'api listening');
