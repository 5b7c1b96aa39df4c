// The programmatic entry point (CLI, tests, benchmarks): generate orders and send them to Event Hubs at a rate,
// recording what was sent. Resolves with the totals once everything generated has been sent and recorded.
import { setTimeout as sleep } from 'node:timers/promises';
import type { EventHubProducerClient } from '@azure/event-hubs';
import { generateCatalog } from '@marquee/domain';
import { createEventHubProducerClient } from '@marquee/platform';
import type { Logger, ResourceAddress } from '@marquee/platform';
import pino from 'pino';
import { createClickstreamGenerator, createOrderGenerator, orderClock } from '../generate/index.ts';
import type {
  CatalogMovie,
  ConversionRates,
  GeneratedEvent,
  PartitionKeyStrategy,
} from '../generate/index.ts';
import { ClickstreamFeed } from './clickstream-feed.ts';
import { EventHubSink, PRODUCER_OPTIONS } from './event-hub-sink.ts';
import { OutFile } from './out-file.ts';
import { runSendLoop } from './send-loop.ts';
import { RegionalSink, type RegionalTotals } from './regional-sink.ts';
import { Tally } from './tally.ts';
import type { SendProgress, SendTotals } from './tally.ts';

export interface SendOrdersOptions {
  /** Where to send: a connection string, an address (connection string or FQDN), or a client you own. */
  connectionString?: string;
  address?: ResourceAddress;
  producer?: EventHubProducerClient;
  /** Event hub name; default `orders`. */
  hub?: string;
  /**
   * Several hubs (one per region), each with its address: groups alternate between them and move to the next
   * when one fails (see regional-sink.ts). Takes the place of `hub` and `address`.
   */
  hubs?: readonly { name: string; address: ResourceAddress }[];
  seed: number;
  /** Events per second; 0 = as fast as possible; default 50. */
  rate?: number;
  /** Stop after this many events. Without count and duration it runs until `signal` aborts. */
  count?: number;
  durationMs?: number;
  /** Most events per sendBatch; default 100. */
  batchSize?: number;
  partitionKey?: PartitionKeyStrategy;
  backfillMs?: number;
  /** Fixes the clock that dates orders (see generate/clock.ts). */
  start?: Date;
  invalidRatio?: number;
  duplicateRatio?: number;
  /** Path of a JSONL file recording every event sent. */
  out?: string;
  /** Abort to stop: what was generated is still sent and recorded, then the promise resolves. */
  signal?: AbortSignal;
  logger?: Logger;
  onProgress?: (progress: SendProgress) => void;
  /** Attempts after the first for a failing batch; default 8. */
  retries?: number;
  catalog?: { movies: readonly CatalogMovie[] };
  /** Also send the sessions that led to each order (ProductViewed, AddedToCart, CheckoutStarted) to this hub. */
  clickstream?: { hub?: string; rates?: ConversionRates; producer?: EventHubProducerClient };
}

export interface SendOrdersResult extends SendTotals, Partial<RegionalTotals> {
  seconds: number;
  seed: number;
  /** True when `signal` ended the run before its count or duration. */
  stopped: boolean;
  /** Clickstream events sent (0 without `clickstream`). */
  clicks: number;
}

function checkOptions(o: SendOrdersOptions): void {
  const problems: string[] = [];
  const rate = o.rate ?? 50;
  if (!(rate >= 0) || !Number.isFinite(rate)) problems.push(`rate must be a number >= 0, got ${rate}`);
  if (o.count !== undefined && !(Number.isSafeInteger(o.count) && o.count >= 0)) {
    problems.push(`count must be an integer >= 0, got ${o.count}`);
  }
  if (o.durationMs !== undefined && !(o.durationMs > 0))
    problems.push(`durationMs must be > 0, got ${o.durationMs}`);
  const batchSize = o.batchSize ?? 100;
  if (!Number.isInteger(batchSize) || batchSize < 1)
    problems.push(`batchSize must be an integer >= 1, got ${batchSize}`);
  const none = o.producer === undefined && o.address === undefined && o.connectionString === undefined;
  if (none && (o.hubs ?? []).length === 0) {
    problems.push('one of connectionString, address or producer is required');
  }
  if (problems.length > 0) throw new RangeError(problems.join('; '));
}

export async function sendOrders(options: SendOrdersOptions): Promise<SendOrdersResult> {
  checkOptions(options);
  const { seed, count, durationMs, signal, onProgress } = options;
  const rate = options.rate ?? 50;
  const hub = options.hub ?? 'orders';
  const logger = (options.logger ?? pino({ level: 'silent' })).child({ hub });
  const catalog = options.catalog ?? generateCatalog();
  const orders = createOrderGenerator({
    seed,
    catalog,
    now: orderClock({ start: options.start, backfill: (options.backfillMs ?? 0) > 0, rate }),
    backfillMs: options.backfillMs,
    invalidRatio: options.invalidRatio,
    duplicateRatio: options.duplicateRatio,
    partitionKey: options.partitionKey,
  });
  const out = options.out === undefined ? undefined : await OutFile.open(options.out);
  let clicks: ClickstreamFeed | undefined;
  let ownsClickProducer = false;
  const ownsProducer = options.producer === undefined;
  const address = options.address ?? {
    name: 'EVENTHUB_CONNECTION_STRING',
    value: options.connectionString ?? '',
  };
  const targets =
    options.hubs !== undefined && options.hubs.length > 0 ? options.hubs : [{ name: hub, address }];
  const producers: EventHubProducerClient[] = [];
  try {
    if (options.producer) producers.push(options.producer);
    else
      for (const target of targets)
        producers.push(createEventHubProducerClient(target.address, target.name, PRODUCER_OPTIONS));
    if (options.clickstream !== undefined) {
      // Clicks go to the first (primary) region's namespace.
      const { hub: clickHub = 'clickstream', rates } = options.clickstream;
      ownsClickProducer = options.clickstream.producer === undefined;
      clicks = new ClickstreamFeed({
        sessions: createClickstreamGenerator({ seed, catalog, rates }),
        producer:
          options.clickstream.producer ??
          createEventHubProducerClient(targets[0]?.address ?? address, clickHub, PRODUCER_OPTIONS),
        logger: logger.child({ clickHub }),
        retries: options.retries,
        out,
      });
    }
  } catch (err) {
    await Promise.all(producers.map((p) => p.close()));
    await out?.close();
    throw err;
  }
  const generator = clicks?.follow(orders) ?? orders;
  const tally = new Tally();
  const regional = targets.length > 1;
  const sinks = producers.map(
    (producer, i) =>
      new EventHubSink(producer, {
        logger: regional ? logger.child({ hub: targets[i]?.name }) : logger,
        // With another region to go to, a failing hub is left after a few quick tries, not half a minute.
        retries: options.retries ?? (regional ? 2 : undefined),
        onRetry: () => tally.retried(),
      }),
  );
  const regions = new RegionalSink({
    hubs: sinks.map((sink, i) => ({ name: targets[i]?.name ?? hub, sink })),
    logger,
    nowMs: () => performance.now(),
  });
  const stop = signal ?? new AbortController().signal;
  let started = performance.now();
  const target = { total: count, durationMs };
  const recordSent = async (events: GeneratedEvent[], sentTo: string): Promise<void> => {
    await out?.write(events, regional ? sentTo : undefined);
    tally.batchSent(events);
    onProgress?.(tally.snapshot(performance.now() - started, target));
  };

  logger.info(
    { seed, rate, count, durationMs, batchSize: options.batchSize ?? 100, out: options.out },
    'sending orders',
  );
  try {
    await Promise.all(sinks.map((sink) => sink.open(stop)));
    await clicks?.open(stop);
    started = performance.now();
    await runSendLoop({
      generator,
      // The clicks behind the orders of a batch go first: a session happens before its order.
      sink: async (group) => (await clicks?.flush(), await regions.send(group, recordSent)),
      batchSize: options.batchSize ?? 100,
      rate,
      count,
      durationMs,
      nowMs: () => performance.now(),
      sleep: (ms, signal) => sleep(ms, undefined, { signal }),
      stop,
    });
  } finally {
    // Whatever happened, keep the record of what did get sent and release the connection.
    await out?.close();
    if (ownsProducer) await Promise.all(producers.map((p) => p.close()));
    if (ownsClickProducer) await clicks?.close();
  }
  const seconds = (performance.now() - started) / 1000;
  const result = {
    ...tally.totals,
    ...(regional ? regions.totals : {}),
    seconds,
    seed,
    stopped: stop.aborted,
    clicks: clicks?.sent ?? 0,
  };
  logger.info(result, 'orders sent');
  return result;
}
