// What a request log line may say about a request. fastify logs `req.url` as sent, so a credential a client
// put in the query (`?token=…`, `?code=…`) would land in the logs; its value is replaced before logging, and
// problem responses name only the path (see problem-details), so it is not echoed back either.
import fp from 'fastify-plugin';
import type { FastifyBaseLogger, FastifyInstance, FastifyRequest } from 'fastify';
import pino from 'pino';

const SECRET_PARAM =
  /^(token|access_token|id_token|refresh_token|code|key|api[-_]?key|sig|signature|password|secret|auth|authorization)$/i;

/** The URL with the value of every credential-like query parameter replaced by `[redacted]`. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const params = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq < 0 ? pair : pair.slice(0, eq);
      let decoded = name;
      try {
        decoded = decodeURIComponent(name);
      } catch {
        // A malformed escape: judge it as written.
      }
      return SECRET_PARAM.test(decoded) ? `${name}=[redacted]` : pair;
    });
  return `${url.slice(0, q)}?${params.join('&')}`;
}

/** The path without its query: what a problem's `instance` names. */
export const pathOf = (url: string): string => url.split('?')[0] ?? url;

/** The `req` serializer of the API's logger: method, redacted url, route, client; never headers or body. */
export function serializeRequest(request: FastifyRequest): Record<string, unknown> {
  return {
    method: request.method,
    url: redactUrl(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

/** Levels at which every request is logged. */
const DEBUG_LEVELS = new Set(['debug', 'trace']);

/** A request slower than this is logged at info whatever its status. */
const SLOW_MS = 1_000;

/**
 * The access log: one line per request that needs a look (status 4xx/5xx, or slower than a second) at info,
 * every request at debug (`LOG_LEVEL=debug`). fastify's own two lines per request (incoming, completed) were
 * the API's largest per-request cost after the socket write; rates and latencies of every request are in
 * `http_request_duration_seconds` (ops routes), so the log keeps what a person would look for.
 */
async function accessLog(app: FastifyInstance): Promise<void> {
  // A callback hook: an async one costs a promise per request.
  app.addHook('onResponse', (request, reply, done) => {
    const status = reply.statusCode;
    const responseTime = reply.elapsedTime;
    if (status >= 400 || responseTime >= SLOW_MS || DEBUG_LEVELS.has(request.log.level)) {
      const line = { req: request, statusCode: status, responseTime };
      if (status >= 400 || responseTime >= SLOW_MS) request.log.info(line, 'request completed');
      else request.log.debug(line, 'request completed');
    }
    done();
  });
}

export const accessLogPlugin = fp(accessLog, { name: 'access-log' });

const { chindingsSym } = pino.symbols;
const BINDINGS = Symbol('request log bindings');

/** Sets a logger's written bindings as its own property (past the lazy accessor of its prototype). */
const own = (target: object, value: unknown) =>
  Object.defineProperty(target, chindingsSym, { value, writable: true, configurable: true });

/** Per parent logger, the prototype of its lazy request loggers: bindings written on first use. */
const lazyPrototypes = new WeakMap<FastifyBaseLogger, object>();

function lazyPrototype(logger: FastifyBaseLogger): object {
  let prototype = lazyPrototypes.get(logger);
  if (prototype === undefined) {
    prototype = Object.create(logger) as object;
    Object.defineProperty(prototype, chindingsSym, {
      get(this: Record<symbol, unknown>) {
        const child = logger.child(this[BINDINGS] as Record<string, unknown>);
        const chindings = (child as unknown as Record<symbol, unknown>)[chindingsSym];
        own(this, chindings);
        return chindings;
      },
      // pino's child() sets the bindings it wrote on the new logger (a grandchild: `request.log.child(…)`).
      set(this: object, value: unknown) {
        own(this, value);
      },
    });
    lazyPrototypes.set(logger, prototype);
  }
  return prototype;
}

/**
 * fastify's `childLoggerFactory`: each request's logger (bound to its `reqId`), made lazily. pino writes the
 * bindings of a child as JSON when it is made, through the redaction paths; most requests never log, so the
 * bindings are written the first time a line needs them. A request's logger is then one object with one
 * property, whose prototype (shared) holds the accessor.
 */
export function lazyRequestLogger(
  logger: FastifyBaseLogger,
  bindings: Record<string, unknown>,
  options: object,
): FastifyBaseLogger {
  if (Object.keys(options).length > 0) return logger.child(bindings, options);
  const child = Object.create(lazyPrototype(logger)) as Record<symbol, unknown>;
  child[BINDINGS] = bindings;
  return child as unknown as FastifyBaseLogger;
}
