import {
  LOCAL_STACK,
  LOG_LEVELS,
  loadConfig,
  type Env,
  type LogLevel,
  type ResourceAddress,
  readCosmosAddress,
  type CosmosAddress,
} from '@marquee/platform';

export interface ApiConfig {
  host: string;
  port: number;
  /** Let several API processes listen on one port (Linux SO_REUSEPORT: the kernel spreads connections). */
  reusePort: boolean;
  logLevel: LogLevel;
  cosmos: CosmosAddress;
  cosmosDatabase: string;
  /** `REDIS_URL` (a plain URL, password in it if any) or `REDIS_ENDPOINT` (Entra ID tokens). */
  redis: ResourceAddress;
  /** Admin category writes are on unless ADMIN_ROUTES=false; then ADMIN_TOKEN is required. */
  adminRoutes: boolean;
  adminToken: string | undefined;
  /** How category deletes are made: `hard` (all-versions change feed) or `soft` (deleted flag + ttl). */
  categoryDeleteMode: 'hard' | 'soft';
  /** Seconds a soft-deleted category stays in the store before its ttl removes it. */
  softDeleteTtlSeconds: number;
  reportTimeZone: string;
  /** Largest request body in bytes. */
  bodyLimit: number;
  /** Redis channel on which cache-sync announces a refreshed category cache. */
  invalidationChannel: string;
  graceMs: number;
  /** A report whose store reads take longer answers 503 with Retry-After instead of hanging. */
  reportTimeoutMs: number;
  /** Open SSE streams per process; one more gets a 503 with Retry-After. */
  maxStreamClients: number;
  /** Requests per minute per client address on the admin routes. */
  adminRateLimit: number;
  /** Serve /metrics on the public port too (default: only on the ops port). */
  metricsOnApiPort: boolean;
  /** The ops listener (/metrics, /healthz, /readyz): port (0 = none) and interface. */
  opsPort: number;
  opsHost: string;
  /** Event-loop delay past which requests are shed with a 503. */
  loadShedDelayMs: number;
}

export function loadApiConfig(env: Env): ApiConfig {
  return loadConfig(env, (e) => {
    const adminRoutes = e.bool('ADMIN_ROUTES', true);
    const adminToken = e.optional('ADMIN_TOKEN');
    if (adminRoutes && adminToken === undefined) {
      e.problems.push('ADMIN_TOKEN is required while admin routes are enabled (or set ADMIN_ROUTES=false)');
    }
    const reportTimeZone = e.string('REPORT_TIMEZONE', 'UTC');
    if (!isTimeZone(reportTimeZone))
      e.problems.push(`REPORT_TIMEZONE "${reportTimeZone}" is not an IANA time zone`);
    return {
      host: e.string('HOST', '0.0.0.0'),
      port: e.int('PORT', 8080, { min: 0, max: 65535 }),
      reusePort: e.bool('REUSE_PORT', false),
      logLevel: e.oneOf('LOG_LEVEL', LOG_LEVELS, 'info'),
      cosmos: readCosmosAddress(e),
      cosmosDatabase: e.string('COSMOS_DATABASE', 'marquee'),
      redis: e.either('REDIS_URL', 'REDIS_ENDPOINT', LOCAL_STACK.redisUrl),
      adminRoutes,
      adminToken,
      categoryDeleteMode: e.oneOf('CATEGORY_DELETE_MODE', ['hard', 'soft'], 'hard'),
      softDeleteTtlSeconds: e.int('SOFT_DELETE_TTL_SECONDS', 3600, { min: 1 }),
      reportTimeZone,
      bodyLimit: e.int('BODY_LIMIT_BYTES', 64 * 1024, { min: 1024 }),
      invalidationChannel: e.string('CACHE_INVALIDATION_CHANNEL', 'marquee:categories:invalidated'),
      graceMs: e.int('SHUTDOWN_GRACE_MS', 10_000, { min: 0 }),
      reportTimeoutMs: e.int('REPORT_TIMEOUT_MS', 5_000, { min: 1 }),
      maxStreamClients: e.int('MAX_STREAM_CLIENTS', 1_000, { min: 1 }),
      adminRateLimit: e.int('ADMIN_RATE_LIMIT', 60, { min: 1 }),
      metricsOnApiPort: e.bool('METRICS_ON_API_PORT', false),
      opsPort: e.int('OPS_PORT', 9094, { min: 0, max: 65535 }),
      opsHost: e.string('OPS_HOST', '127.0.0.1'),
      loadShedDelayMs: e.int('LOAD_SHED_DELAY_MS', 1_000, { min: 1 }),
    };
  });
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
