import pino, { type Logger } from 'pino';
import type { LogLevel } from './config.ts';

type Destination = ReturnType<typeof pino.destination>;

/** Every stdout destination made here, so shutdown can flush them (see flushLogs). */
const destinations = new Set<Destination>();

/** Lines held while stdout does not drain; past this, new lines are dropped rather than memory grown. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

/**
 * pino JSON logs with the service name on every line and secrets redacted at the paths they can take.
 * Written asynchronously: a synchronous write to a stdout nobody reads (a full pipe, a stuck log shipper)
 * would block the event loop, and with it requests, timers and the SIGTERM handler. Lines wait in a bounded
 * buffer instead, and shutdown gives them a moment to go out (flushLogs).
 */
export function createLogger(service: string, level: LogLevel = 'info'): Logger {
  const destination = pino.destination({
    dest: 1,
    sync: false,
    // 1, not 0: each line is written at once all the same, and flush() then waits for the writes to drain.
    minLength: 1,
    maxLength: MAX_BUFFERED_BYTES,
  });
  destinations.add(destination);
  return pino(
    {
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
    },
    destination,
  );
}

/**
 * Waits up to `ms` for buffered log lines to be written. If stdout is still blocked then, the buffer is
 * dropped, so that neither this nor pino's exit-time flush can hold the process past its grace period.
 */
export async function flushLogs(ms: number): Promise<boolean> {
  const results = await Promise.all(
    [...destinations].map(
      (destination) =>
        new Promise<boolean>((resolve) => {
          const timer = setTimeout(() => resolve(false), ms);
          timer.unref();
          const done = (ok: boolean): void => {
            clearTimeout(timer);
            resolve(ok);
          };
          try {
            // Called once the buffer drained (an fsync error after that, on a pipe, changes nothing).
            destination.flush(() => done(true));
          } catch {
            done(false);
          }
        }),
    ),
  );
  const flushed = results.every(Boolean);
  if (!flushed) for (const destination of destinations) destination.destroy();
  return flushed;
}

export type { Logger } from 'pino';
