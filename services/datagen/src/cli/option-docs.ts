// The option table: one list drives parsing (options.ts), --help and the README's table.
import { MAX_SEED } from '../generate/index.ts';

export interface OptionDoc {
  name: string;
  arg?: string;
  default?: string;
  help: string;
}

export const OPTION_DOCS: readonly OptionDoc[] = [
  { name: 'rate', arg: 'n', default: '50', help: 'events per second; 0 = as fast as possible' },
  { name: 'count', arg: 'n', help: 'stop after n events (without --count or --duration: until Ctrl-C)' },
  { name: 'duration', arg: 'time', help: 'stop after this long: 500ms, 30s, 5m, 2h, 1d, 1h30m' },
  {
    name: 'seed',
    arg: 'n',
    default: 'random',
    help: `0..${MAX_SEED}; the same seed sends the same events, byte for byte`,
  },
  {
    name: 'partition-key',
    arg: 'strategy',
    default: 'none',
    help: 'none (round robin) | customer (e-mail) | region | random (one of 64 keys)',
  },
  {
    name: 'batch-size',
    arg: 'n',
    default: '100',
    help: 'most events per sendBatch (the byte limit applies too)',
  },
  {
    name: 'backfill',
    arg: 'window',
    help: 'date orders uniformly over the past window (e.g. 3d) instead of now',
  },
  {
    name: 'start',
    arg: 'instant',
    help: 'fix the clock at an ISO-8601 instant (e.g. 2026-03-01T00:00:00Z) so OrderDates repeat too',
  },
  { name: 'invalid-ratio', arg: 'r', default: '0', help: 'share of malformed events, 0..1' },
  {
    name: 'duplicate-ratio',
    arg: 'r',
    default: '0',
    help: 'share of verbatim re-sends of earlier orders, 0..1',
  },
  {
    name: 'clickstream',
    help: 'also send the sessions behind each order (views, carts, checkouts) to the clickstream hub',
  },
  { name: 'clickstream-hub', arg: 'name', default: 'clickstream', help: 'event hub for --clickstream' },
  {
    name: 'conversion',
    arg: 'v,c,o',
    default: '0.4,0.6,0.75',
    help: 'view→cart, cart→checkout and checkout→order rates for --clickstream, each in (0, 1]',
  },
  { name: 'out', arg: 'file', help: 'record every event sent as JSON lines (exact bytes recoverable)' },
  { name: 'hub', arg: 'name', default: '$EVENTHUB_NAME or orders', help: 'event hub to send to' },
  {
    name: 'hubs',
    arg: 'a,b',
    default: '$EVENTHUB_NAMES',
    help: 'one hub per region: batches alternate, a failing hub hands over to the next',
  },
  { name: 'help', help: 'show this help' },
];

export function helpText(): string {
  const rows = OPTION_DOCS.map((o) => {
    const flag = `--${o.name}${o.arg ? ` <${o.arg}>` : ''}`;
    const fallback = o.default === undefined ? '' : ` (default: ${o.default})`;
    return `  ${flag.padEnd(28)}${o.help}${fallback}`;
  });
  return [
    'Usage: datagen [options]   (node services/datagen/src/main.ts, pnpm datagen -- [options])',
    '',
    'Sends Contoso-like orders to Event Hubs.',
    '',
    'Options:',
    ...rows,
    '',
    'Environment: EVENTHUB_CONNECTION_STRING, or EVENTHUB_FQDN (then DefaultAzureCredential); default: the',
    'local stack. EVENTHUB_NAME (default hub), LOG_LEVEL (logs are JSON on stderr).',
    '',
  ].join('\n');
}
