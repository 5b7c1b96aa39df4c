// Starts an emulator on a free port for one test, quiet unless LOG_LEVEL is set.
import pino from 'pino';
import {
  startEventHubsEmulator,
  type EventHubsEmulatorOptions,
  type RunningEventHubsEmulator,
} from '../../src/index.ts';

export function testLogger(): pino.Logger {
  return pino({ level: process.env.LOG_LEVEL ?? 'silent' });
}

export function startTestEmulator(options: EventHubsEmulatorOptions = {}): Promise<RunningEventHubsEmulator> {
  return startEventHubsEmulator({ port: 0, logger: testLogger(), ...options });
}

export function eventually<T>(
  check: () => T | undefined | false,
  { timeoutMs = 15_000, intervalMs = 25 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const tick = (): void => {
      const value = check();
      if (value !== undefined && value !== false) return resolve(value);
      if (Date.now() > deadline) return reject(new Error('condition not met in time'));
      setTimeout(tick, intervalMs);
    };
    tick();
  });
}
