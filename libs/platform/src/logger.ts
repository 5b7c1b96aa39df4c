import pino, { type Logger } from 'pino';
import type { LogLevel } from './config.ts';

/** pino JSON logs with the service name on every line and secrets redacted wherever they appear. */
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
        'config.*ConnectionString',
        'config.adminToken',
      ],
      censor: '[redacted]',
    },
  });
}

export type { Logger } from 'pino';
