// The demo's command line: `pnpm start [-- options]`. Parsed once, with every problem named.
import { parseArgs } from 'node:util';

export interface DemoOptions {
  /** Live orders per second from datagen; undefined = no datagen (--no-datagen). */
  rate: number | undefined;
  /** Window of past orders to backfill on an empty store (e.g. `1d`); undefined = none. */
  backfill: string | undefined;
  inMemory: boolean;
  /** Every log line of every process, not only starts, warnings and errors. */
  verbose: boolean;
  logLevel: string;
  /** Free ports for everything instead of the fixed ones (tests run the demo beside others). */
  freePorts: boolean;
  /** Seconds between summary lines. */
  summaryEvery: number;
}

export const DEMO_HELP = `Usage: pnpm start [-- options]

Runs the whole demo: the local Azure stack, seed, every service and datagen. Ctrl-C stops all of it.

Options:
  --rate <n>             live orders per second from datagen (default 20)
  --no-datagen           no live orders
  --backfill <window>    on an empty store, first send a seeded window of past orders (default 1d; 0 = none)
  --in-memory            keep no data (default: .data/)
  --verbose              every log line of every process (default: starts, warnings, errors, a summary)
  --log-level <level>    services' log level (default info)
  --free-ports           free ports instead of 5672, 8081, 10000, 6379 and 8080
  --summary-every <s>    seconds between summary lines (default 10)
`;

export type ParsedDemoOptions =
  { kind: 'run'; options: DemoOptions } | { kind: 'help' } | { kind: 'error'; problems: string[] };

export function parseDemoOptions(args: string[]): ParsedDemoOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      allowNegative: true,
      options: {
        rate: { type: 'string', default: '20' },
        datagen: { type: 'boolean', default: true },
        backfill: { type: 'string', default: '1d' },
        'in-memory': { type: 'boolean', default: false },
        verbose: { type: 'boolean', default: false },
        'log-level': { type: 'string', default: 'info' },
        'free-ports': { type: 'boolean', default: false },
        'summary-every': { type: 'string', default: '10' },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (err) {
    return { kind: 'error', problems: [err instanceof Error ? err.message : String(err)] };
  }
  if (values.help) return { kind: 'help' };
  const problems: string[] = [];
  const rate = Number(values.rate);
  if (!Number.isFinite(rate) || rate <= 0)
    problems.push(`--rate must be a positive number, got "${values.rate}"`);
  const summaryEvery = Number(values['summary-every']);
  if (!Number.isFinite(summaryEvery) || summaryEvery <= 0)
    problems.push(`--summary-every must be a positive number of seconds, got "${values['summary-every']}"`);
  const backfill = ['0', 'none', ''].includes(values.backfill) ? undefined : values.backfill;
  if (problems.length > 0) return { kind: 'error', problems };
  return {
    kind: 'run',
    options: {
      rate: values.datagen ? rate : undefined,
      backfill,
      inMemory: values['in-memory'],
      verbose: values.verbose,
      logLevel: values['log-level'],
      freePorts: values['free-ports'],
      summaryEvery,
    },
  };
}
