// Composition root of the api service: config → logger → app (with its clients) → listen → signals.
import { createLogger, createRegistry, ServiceLifecycle, ConfigError } from '@marquee/platform';
import { loadApiConfig, type ApiConfig } from './config.ts';
import { buildApp } from './app.ts';
import { closeable, listen } from './server.ts';

let config: ApiConfig;
try {
  config = loadApiConfig(process.env);
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  process.stderr.write(`api: ${err.message}\n`);
  process.exit(2);
}

const logger = createLogger('api', config.logLevel);
const lifecycle = new ServiceLifecycle(logger, { graceMs: config.graceMs });
lifecycle.handleSignals();

const app = buildApp({ config, logger, registry: createRegistry('api') });
lifecycle.add('http', closeable(app));
const address = await listen(app, config.host, config.port);
logger.info({ address }, 'api listening');
