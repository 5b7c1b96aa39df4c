import pino, { type Logger } from 'pino';
import type { LogLevel } from './config.ts';

/** pino JSON logs with the service name on every line and secrets redacted at the paths they can take. */
export function createLogger(service: string, level: LogLevel = 'info'): Logger {
  return pino({
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: [
        'connectionString',
        '*.connectionString',
        'req.headers.authorization',
        'headers.authorization',
        // A service's config keeps each Azure address as { name, value }, the value a connection string when
        // keys are used. (A redact wildcard stands for a whole key: `config.*ConnectionString` matches nothing.)
        'config.*.value',
        'config.redisUrl',
        'config.adminToken',
      ],
      censor: '[redacted]',
    },
  });
}

export type { Logger } from 'pino';
