import {
  LOCAL_STACK,
  LOG_LEVELS,
  loadConfig,
  type Env,
  type LogLevel,
  type ResourceAddress,
} from '@marquee/platform';

export interface ApiConfig {
  host: string;
  port: number;
  logLevel: LogLevel;
  cosmos: ResourceAddress;
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
      logLevel: e.oneOf('LOG_LEVEL', LOG_LEVELS, 'info'),
      cosmos: e.either('COSMOS_CONNECTION_STRING', 'COSMOS_ENDPOINT', LOCAL_STACK.cosmosConnectionString),
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
