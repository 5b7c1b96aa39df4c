// pino on stderr: stdout belongs to the progress line and the summary, which scripts may read. Same shape as
// @marquee/platform's createLogger (service name, ISO time), whose destination is stdout.
import pino from 'pino';
import type { Logger, LogLevel } from '@marquee/platform';

export function createStderrLogger(service: string, level: LogLevel): Logger {
  return pino(
    { level, base: { service }, timestamp: pino.stdTimeFunctions.isoTime },
    pino.destination({ dest: 2, sync: true }),
  );
}
