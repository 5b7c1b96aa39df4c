// Composition root of the api: config → logger → lifecycle (signals) → app → listen. The api's clients
// (Cosmos, Redis) are fastify plugins, as in fastify/demo: each plugin creates its client and closes it in
// its onClose hook, so the app owns them, and the lifecycle closes the app (streams end, in-flight requests
// finish, then the clients close) after the ops server.
import {
  createLogger,
  createRegistry,
  OpsServer,
  ServiceLifecycle,
  loadConfigOrExit,
} from '@marquee/platform';
import { loadApiConfig } from './config.ts';
import { buildApp } from './app.ts';
import { closeable, listen } from './server.ts';

const config = loadConfigOrExit('api', () => loadApiConfig(process.env));

const logger = createLogger('api', config.logLevel);
const lifecycle = new ServiceLifecycle(logger, { graceMs: config.graceMs });
lifecycle.handleSignals();

const registry = createRegistry('api');
const app = buildApp({ config, logger, registry });
// /metrics for the scraper, on its own port (OPS_HOST, 127.0.0.1 unless a container says 0.0.0.0).
const ops =
  config.opsPort > 0
    ? new OpsServer({ port: config.opsPort, host: config.opsHost, registry, logger })
    : undefined;
if (ops) lifecycle.add('ops', ops);
lifecycle.add('http', closeable(app));
const address = await listen(app, config.host, config.port, config.reusePort);
const opsPort = await ops?.start();
logger.info({ address, opsPort }, 'api listening');
lifecycle.started();
