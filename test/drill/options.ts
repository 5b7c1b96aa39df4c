// The drill's options: `pnpm drill region [--eventhubs geo-replication|geo-dr] [--rate 100] [--duration 60] …`.
// Pure: arguments in, options or the problems with them out.
import { parseArgs } from 'node:util';

/** How region 1's Event Hubs namespace comes back: its events replicated, or only its metadata (an alias). */
export const EVENT_HUBS_MODES = ['geo-replication', 'geo-dr'] as const;
export type EventHubsMode = (typeof EVENT_HUBS_MODES)[number];

export interface DrillOptions {
  eventHubs: EventHubsMode;
  /** Orders per second datagen sends, alternating between the two regions' hubs. */
  rate: number;
  /** Seconds datagen sends for; the cut comes at `cutAtS` into that. */
  durationS: number;
  cutAtS: number;
  /** Partitions per hub. */
  partitions: number;
  /** After the cut, how long until region 1's namespace is served again (promotion or alias failover). */
  promoteAfterMs: number;
  /** After the cut, how long until Cosmos moves the write region (service-managed failover). */
  cosmosFailoverAfterMs: number;
  /**
   * Short lease, ownership and region-refresh timings (for CI). Off, the services run with their production
   * defaults, so the RTO measured is the one those settings give.
   */
  fast: boolean;
  seed: number;
}

export const DRILL_DEFAULTS: DrillOptions = {
  eventHubs: 'geo-replication',
  rate: 100,
  durationS: 60,
  cutAtS: 20,
  partitions: 4,
  promoteAfterMs: 10_000,
  cosmosFailoverAfterMs: 5_000,
  fast: false,
  seed: 13,
};

export const DRILL_HELP = `usage: pnpm drill region [options]

Two regions of Marquee (ingest, projector, cache-sync, api each) on a local stack with one Event Hubs namespace
per region and a Cosmos account in two regions. datagen sends to both regions; mid-run region 1 is lost whole
(its processes SIGKILLed, its namespace and Redis killed, its Cosmos region offline). Prints RPO and RTO and
checks every view against what was sent, to the cent.

  --eventhubs <mode>          geo-replication (region 1's partitions served again with their events: RPO 0)
                              or geo-dr (an alias to an empty namespace: unconsumed events are lost and counted)
                              default ${DRILL_DEFAULTS.eventHubs}
  --rate <n>                  orders/s (default ${DRILL_DEFAULTS.rate})
  --duration <s>              seconds datagen sends (default ${DRILL_DEFAULTS.durationS})
  --cut-at <s>                seconds into the run when region 1 is lost (default ${DRILL_DEFAULTS.cutAtS})
  --partitions <n>            partitions per hub (default ${DRILL_DEFAULTS.partitions})
  --promote-after <ms>        namespace promotion / alias failover delay (default ${DRILL_DEFAULTS.promoteAfterMs})
  --cosmos-failover-after <ms> service-managed failover delay (default ${DRILL_DEFAULTS.cosmosFailoverAfterMs})
  --fast                      short lease/ownership expiries and a 1 s Cosmos region refresh (CI's setting)
  --seed <n>                  datagen seed (default ${DRILL_DEFAULTS.seed})
`;

export type ParsedDrill =
  { kind: 'run'; options: DrillOptions } | { kind: 'help' } | { kind: 'error'; problems: string[] };

export function parseDrillArgs(argv: readonly string[]): ParsedDrill {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        eventhubs: { type: 'string' },
        rate: { type: 'string' },
        duration: { type: 'string' },
        'cut-at': { type: 'string' },
        partitions: { type: 'string' },
        'promote-after': { type: 'string' },
        'cosmos-failover-after': { type: 'string' },
        fast: { type: 'boolean', default: false },
        seed: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (err) {
    return { kind: 'error', problems: [(err as Error).message] };
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  const problems: string[] = [];
  if (positionals.length !== 1 || positionals[0] !== 'region') {
    problems.push(`the one drill is "region", got "${positionals.join(' ')}"`);
  }
  const number = (flag: string, raw: string | undefined, fallback: number, min: number): number => {
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min)
      problems.push(`--${flag} must be an integer >= ${min}, got "${raw}"`);
    return n;
  };
  const mode = values.eventhubs ?? DRILL_DEFAULTS.eventHubs;
  if (!(EVENT_HUBS_MODES as readonly string[]).includes(mode)) {
    problems.push(`--eventhubs must be ${EVENT_HUBS_MODES.join(' or ')}, got "${mode}"`);
  }
  const d = DRILL_DEFAULTS;
  const options: DrillOptions = {
    eventHubs: mode as EventHubsMode,
    rate: number('rate', values.rate, d.rate, 1),
    durationS: number('duration', values.duration, d.durationS, 2),
    cutAtS: number('cut-at', values['cut-at'], d.cutAtS, 1),
    partitions: number('partitions', values.partitions, d.partitions, 1),
    promoteAfterMs: number('promote-after', values['promote-after'], d.promoteAfterMs, 0),
    cosmosFailoverAfterMs: number(
      'cosmos-failover-after',
      values['cosmos-failover-after'],
      d.cosmosFailoverAfterMs,
      0,
    ),
    fast: values.fast,
    seed: number('seed', values.seed, d.seed, 0),
  };
  if (problems.length === 0 && options.cutAtS >= options.durationS) {
    problems.push(
      `--cut-at (${options.cutAtS} s) must come before the end of --duration (${options.durationS} s)`,
    );
  }
  return problems.length > 0 ? { kind: 'error', problems } : { kind: 'run', options };
}
