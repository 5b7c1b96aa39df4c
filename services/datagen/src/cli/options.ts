// Command-line options, parsed and checked. Pure: argv, env and a seed source in, options or every problem out.
import { parseArgs } from 'node:util';
import { parseIsoInstant } from '@marquee/domain';
import type { Env } from '@marquee/platform';
import { MAX_SEED, PARTITION_KEY_STRATEGIES } from '../generate/index.ts';
import type { ConversionRates, PartitionKeyStrategy } from '../generate/index.ts';
import { parseDuration } from './durations.ts';
import { OPTION_DOCS } from './option-docs.ts';

export { helpText, OPTION_DOCS } from './option-docs.ts';

export interface CliOptions {
  rate: number;
  count?: number;
  durationMs?: number;
  seed: number;
  /** False when the seed was drawn at random (it is printed so the run can be repeated). */
  seedGiven: boolean;
  partitionKey: PartitionKeyStrategy;
  batchSize: number;
  backfillMs?: number;
  start?: Date;
  invalidRatio: number;
  duplicateRatio: number;
  out?: string;
  /** The first of `hubs`. */
  hub: string;
  /** One hub, or one per region (`--hubs`, EVENTHUB_NAMES). */
  hubs: string[];
  /** Set with --clickstream: where the sessions go and how they convert. */
  clickstream?: { hub: string; rates: ConversionRates };
}

export type CliParse =
  { kind: 'help' } | { kind: 'run'; options: CliOptions } | { kind: 'error'; problems: string[] };

const PARSE_CONFIG = {
  options: Object.fromEntries(
    OPTION_DOCS.map((o) => [
      o.name,
      { type: o.arg === undefined ? 'boolean' : 'string', ...(o.name === 'help' ? { short: 'h' } : {}) },
    ]),
  ) as Record<string, { type: 'string' | 'boolean'; short?: string }>,
  strict: true,
  allowPositionals: false,
} as const;

export function parseCli(argv: readonly string[], env: Env, randomSeed: () => number): CliParse {
  // `pnpm datagen -- --count 5` passes the `--` on; it is not an end-of-options marker for us.
  const args = argv[0] === '--' ? argv.slice(1) : [...argv];
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({ ...PARSE_CONFIG, args }).values;
  } catch (err) {
    return { kind: 'error', problems: [(err as Error).message] };
  }
  if (values.help === true) return { kind: 'help' };
  const problems: string[] = [];
  const text = (name: string): string | undefined => values[name] as string | undefined;

  const number = (
    name: string,
    fallback: number | undefined,
    ok: (n: number) => boolean,
    rule: string,
  ): number | undefined => {
    const raw = text(name);
    if (raw === undefined) return fallback;
    const n = raw.trim() === '' ? NaN : Number(raw);
    if (!ok(n)) problems.push(`--${name} must be ${rule}, got "${raw}"`);
    return n;
  };
  const duration = (name: string): number | undefined => {
    const raw = text(name);
    if (raw === undefined) return undefined;
    const ms = parseDuration(raw);
    if (ms === undefined || ms <= 0)
      problems.push(`--${name} must be a duration such as 30s, 5m or 3d, got "${raw}"`);
    return ms;
  };
  const ratio = (name: string): number =>
    number(name, 0, (n) => n >= 0 && n <= 1, 'a number from 0 to 1') ?? 0;

  const rate = number('rate', 50, (n) => Number.isFinite(n) && n >= 0, 'a number >= 0') ?? 50;
  const count = number('count', undefined, (n) => Number.isSafeInteger(n) && n >= 1, 'an integer >= 1');
  const durationMs = duration('duration');
  const seedText = text('seed');
  const seed = number(
    'seed',
    undefined,
    (n) => Number.isInteger(n) && n >= 0 && n <= MAX_SEED,
    `an integer from 0 to ${MAX_SEED}`,
  );
  const batchSize =
    number(
      'batch-size',
      100,
      (n) => Number.isInteger(n) && n >= 1 && n <= 100_000,
      'an integer from 1 to 100000',
    ) ?? 100;
  const backfillMs = duration('backfill');
  const invalidRatio = ratio('invalid-ratio');
  const duplicateRatio = ratio('duplicate-ratio');
  if (invalidRatio + duplicateRatio > 1)
    problems.push('--invalid-ratio plus --duplicate-ratio must not exceed 1');

  const strategy = text('partition-key') ?? 'none';
  if (!(PARTITION_KEY_STRATEGIES as readonly string[]).includes(strategy)) {
    problems.push(`--partition-key must be one of ${PARTITION_KEY_STRATEGIES.join(', ')}, got "${strategy}"`);
  }
  let start: Date | undefined;
  const startText = text('start');
  if (startText !== undefined) {
    const parsed = parseIsoInstant(startText);
    if (parsed.ok) start = new Date(parsed.epochMs);
    else
      problems.push(
        `--start must be an ISO-8601 instant with a zone, e.g. 2026-03-01T00:00:00Z, got "${startText}"`,
      );
  }
  const out = text('out');
  if (out !== undefined && out.trim() === '') problems.push('--out needs a file name');
  const list = (raw: string | undefined): string[] =>
    (raw ?? '')
      .split(',')
      .map((name) => name.trim())
      .filter((name) => name !== '');
  const hubsText = text('hubs');
  if (hubsText !== undefined && text('hub') !== undefined) problems.push('give --hub or --hubs, not both');
  if (hubsText !== undefined && list(hubsText).length === 0) problems.push('--hubs needs hub names: a,b');
  const single = text('hub') ?? env.EVENTHUB_NAME?.trim() ?? '';
  const hubs =
    hubsText !== undefined
      ? list(hubsText)
      : text('hub') === undefined && list(env.EVENTHUB_NAMES).length > 0
        ? list(env.EVENTHUB_NAMES)
        : [single === '' ? 'orders' : single];
  if (new Set(hubs).size !== hubs.length) problems.push('--hubs names a hub more than once');

  const clickstream = clickstreamOptions(values, problems);

  if (problems.length > 0) return { kind: 'error', problems };
  return {
    kind: 'run',
    options: {
      rate,
      count,
      durationMs,
      seed: seedText === undefined ? randomSeed() : (seed as number),
      seedGiven: seedText !== undefined,
      partitionKey: strategy as PartitionKeyStrategy,
      batchSize,
      backfillMs,
      start,
      invalidRatio,
      duplicateRatio,
      out,
      hub: hubs[0] ?? 'orders',
      hubs,
      ...(clickstream === undefined ? {} : { clickstream }),
    },
  };
}

function clickstreamOptions(
  values: Record<string, string | boolean | undefined>,
  problems: string[],
): CliOptions['clickstream'] {
  const ratesText = (values.conversion as string | undefined) ?? '0.4,0.6,0.75';
  const rates = ratesText.split(',').map((part) => (part.trim() === '' ? NaN : Number(part)));
  if (rates.length !== 3 || !rates.every((r) => r > 0 && r <= 1)) {
    problems.push(`--conversion must be three rates in (0, 1] such as 0.4,0.6,0.75, got "${ratesText}"`);
  }
  if (values.clickstream !== true) return undefined;
  const [viewToCart = 1, cartToCheckout = 1, checkoutToOrder = 1] = rates;
  const hub = (values['clickstream-hub'] as string | undefined)?.trim() || 'clickstream';
  return { hub, rates: { viewToCart, cartToCheckout, checkoutToOrder } };
}
