// The load: datagen as a process, as Contoso's generator, alternating batches between both regions' hubs (each in
// its own namespace) and moving a batch to the other region when its hub fails. `--out` records what each hub
// acknowledged: the ground truth.
import { stat } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { ServiceProcess } from '../support/service-process.ts';
import type { DrillOptions } from './options.ts';
import { hubsEnv } from './region-env.ts';
import type { RegionalStack } from './regional-stack.ts';

export function startDatagen(stack: RegionalStack, options: DrillOptions, out: string): ServiceProcess {
  const [one, two] = stack.regions;
  const args = ['--hubs', `${one.hub},${two.hub}`, '--rate', String(options.rate)];
  args.push('--duration', `${options.durationS}s`, '--seed', String(options.seed));
  // A few malformed and resent orders, as real traffic has: the ground truth drops and dedupes them too.
  args.push('--invalid-ratio', '0.01', '--duplicate-ratio', '0.01', '--out', out);
  return new ServiceProcess({
    service: 'datagen',
    env: { ...hubsEnv(stack), EVENTHUB_CONNECTION_STRING: two.eventHubs, LOG_LEVEL: 'warn' },
    args,
  });
}

/** Waits for datagen to finish and returns its closing summary; throws when it failed. */
export async function datagenFinished(datagen: ServiceProcess): Promise<string> {
  const { code } = await datagen.exited;
  const summary = datagen.logs.find((l) => /^(done|stopped):/.test(l)) ?? datagen.logs.slice(-3).join(' ');
  if (code !== 0) throw new Error(`datagen exited ${code}: ${summary}`);
  return summary;
}

/** Resolves (performance.now()) once a hub has acknowledged datagen's first batch: its --out file has a line. */
export async function firstAcknowledged(datagen: ServiceProcess, out: string): Promise<number> {
  for (;;) {
    if ((await stat(out).catch(() => undefined))?.size) return performance.now();
    if (!datagen.running)
      throw new Error(`datagen exited before sending: ${datagen.logs.slice(-3).join(' ')}`);
    await sleep(50);
  }
}
