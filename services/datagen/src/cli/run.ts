// The run itself, after the options are known: config → logger → signals → progress → send → summary.
// Returns the exit code: 0 done or stopped by a signal, 1 sending failed, 2 bad configuration.
import { ConfigError } from '@marquee/platform';
import { sendOrders } from '../send/index.ts';
import { loadDatagenEnv } from './env-config.ts';
import type { CliOptions } from './options.ts';
import { ProgressDisplay } from './progress-display.ts';
import { createStderrLogger } from './stderr-logger.ts';

/** One line for a person: an AggregateError (e.g. every address of `localhost` refused) names each cause. */
export function describeError(err: unknown): string {
  if (err instanceof AggregateError && err.errors.length > 0) {
    return [...new Set(err.errors.map((e: unknown) => describeError(e)))].join('; ');
  }
  return err instanceof Error ? err.message || err.name : String(err);
}

export async function runDatagen(options: CliOptions, proc: NodeJS.Process = process): Promise<number> {
  let env;
  try {
    env = loadDatagenEnv(proc.env, options.hubs);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    proc.stderr.write(`datagen: ${err.message}\n`);
    return 2;
  }
  const logger = createStderrLogger('datagen', env.logLevel);

  // First signal: stop generating, send what is in hand, flush --out, print totals. Second: leave at once.
  const stop = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => {
    if (!stop.signal.aborted) {
      logger.info({ signal }, 'stopping: sending what is buffered, then exiting (signal again to exit now)');
      stop.abort(new Error(signal));
      return;
    }
    logger.warn({ signal }, 'second signal: exiting without finishing');
    proc.exit(130);
  };
  proc.on('SIGINT', onSignal);
  proc.on('SIGTERM', onSignal);

  const display = new ProgressDisplay((text) => proc.stdout.write(text), {
    tty: proc.stdout.isTTY,
    columns: () => proc.stdout.columns,
    total: options.count,
    durationMs: options.durationMs,
  });
  if (!options.seedGiven)
    logger.info({ seed: options.seed }, 'no --seed given; drew one (pass it to repeat the run)');
  try {
    const { hubs: _names, ...rest } = options;
    const result = await sendOrders({
      ...rest,
      address: env.hubs[0]?.address ?? env.eventHubs,
      ...(env.hubs.length > 1 ? { hubs: env.hubs } : {}),
      signal: stop.signal,
      logger,
      onProgress: (progress) => display.update(progress),
    });
    display.finish(result);
    return 0;
  } catch (err) {
    display.stop();
    logger.fatal({ err }, 'sending failed');
    proc.stderr.write(`datagen: sending failed: ${describeError(err)}\n`);
    return 1;
  } finally {
    proc.off('SIGINT', onSignal);
    proc.off('SIGTERM', onSignal);
  }
}
