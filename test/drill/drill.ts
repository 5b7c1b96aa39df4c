// The regional drill, start to end: two regions of Marquee on the regional stack, datagen sending to both regions'
// hubs, a probe to measure freshness before the cut, the loss of region 1 (compute, namespace, Redis, Cosmos
// endpoint) mid-run, region 1's namespace served again the way the chosen Event Hubs option does it, a probe after
// the cut for the RTO, and at the end the RPO and every view checked against what was sent.
import { loadavg } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CosmosClient } from '@azure/cosmos';
import { EMULATOR_KEY } from '@marquee/local-stack';
import { seed } from '@marquee/seed';
import { SseReader } from '../support/sse-reader.ts';
import { bringNamespace1Back, writeRegionMoved } from './failover.ts';
import { atRisk, lineCounts } from './ledger.ts';
import { Probes, watchProbes, type Freshness } from './freshness.ts';
import type { DrillOptions } from './options.ts';
import { ADMIN_TOKEN, Region } from './region.ts';
import { REGION_SERVICES } from './region-env.ts';
import { datagenFinished, firstAcknowledged, startDatagen } from './datagen.ts';
import { RegionalStack } from './regional-stack.ts';
import {
  addCategory,
  checkApiTotals,
  checkCategoryCache,
  checkViews,
  settleStore,
  type ViewsOutcome,
} from './verify.ts';

export interface DrillResult {
  options: DrillOptions;
  /** datagen's closing summary line. */
  datagen: string;
  /** Freshness before the cut (from the probe's send) and after it (from the cut): the RTO is the latter's max. */
  before: Freshness;
  after: Freshness;
  /** After the cut: the Cosmos write region seen in Region 2, region 1's namespace answering again. */
  writeRegionMovedMs: number;
  namespaceBackMs: number;
  /** After the cut, when the last order acknowledged before it was stored (region 1's stranded backlog). */
  backlogMs: number;
  /** Checkpoints deleted by the Geo-DR step. */
  checkpointsDeleted: number;
  sent: number;
  lostByHub: Record<string, number>;
  views: ViewsOutcome;
  categories: number;
  /** Region 2's exit codes on SIGTERM at the end. */
  exits: Record<string, number | null>;
  load: { start: number; end: number };
}

/** Bounds for things that never arrive (a stuck failover), not speed targets. */
const WAIT_MS = 240_000;

export async function runRegionDrill(
  options: DrillOptions,
  say: (line: string) => void,
): Promise<DrillResult> {
  const load = { start: loadavg()[0] ?? 0, end: 0 };
  const stack = await RegionalStack.start(options.partitions);
  const running: { stop(): Promise<unknown> }[] = [];
  const regions: Region[] = [];
  const client = new CosmosClient({
    endpoint: stack.cosmosEndpoint,
    key: EMULATOR_KEY,
    // The drill reads like a service of region 2: its own region first, following the account's regions.
    connectionPolicy: { preferredLocations: ['Region 2', 'Region 1'], endpointRefreshRateInMs: 500 },
  });
  try {
    await seed(client, 'marquee');
    const database = client.database('marquee');
    say(`stack up (${stack.dir}); starting two regions × ingest, projector, cache-sync, api`);
    regions.push(...(await Promise.all([0, 1].map((i) => Region.start(stack, i as 0 | 1, options.fast)))));
    running.push(...regions);
    const [region1, region2] = regions as [Region, Region];
    const [one, two] = stack.regions;
    const stream = await SseReader.open(`${region2.api}/api/stream`);
    running.push({ stop: async () => stream.close() });
    const readers = { views: database.container('views'), api: region2.api, stream };
    const outFiles = [path.join(stack.dir, 'datagen.jsonl'), path.join(stack.dir, 'probes.jsonl')] as const;
    const probes = new Probes(outFiles[1]);

    const datagen = startDatagen(stack, options, outFiles[0]);
    running.push(datagen);
    // The cut is timed from datagen's first acknowledged batch, so it always falls while datagen sends.
    const started = await firstAcknowledged(datagen, outFiles[0]);
    say(`datagen: ${options.rate} orders/s for ${options.durationS} s to ${one.hub} and ${two.hub}`);
    // Freshness under load before the cut, watched while the run goes on (on a loaded machine it may end after).
    const sentAt = performance.now();
    const beforeWatch = watchProbes(await probes.send(one.eventHubs, one.hub), readers, sentAt, WAIT_MS);
    beforeWatch.catch(() => undefined);
    await sleep(Math.max(0, started + options.cutAtS * 1000 - performance.now()));

    const cut = performance.now();
    const cutAt = Date.now();
    region1.kill();
    await stack.loseRegion1(options.cosmosFailoverAfterMs);
    const atCut = await lineCounts(outFiles);
    say(
      `CUT at ${Math.round((cut - started) / 1000)} s: region 1's processes SIGKILLed, its namespace and Redis killed, Cosmos Region 1 offline`,
    );
    const namespaceBack = bringNamespace1Back(
      options.eventHubs,
      stack,
      region2,
      cut,
      options.promoteAfterMs,
      outFiles,
    );
    const writeMoved = writeRegionMoved(stack, cut);
    const after = await watchProbes(await probes.send(two.eventHubs, two.hub), readers, cut, WAIT_MS);
    const before = await beforeWatch;
    say(
      `before the cut: a probe was in every view ${ms(before.views)}, the api ${ms(before.api)}, the stream ${ms(before.stream)} after its send`,
    );
    say(
      `after the cut: the probe is in every view ${ms(after.views)}, the api ${ms(after.api)}, the stream ${ms(after.stream)} after the cut`,
    );
    const [namespace1, writeRegionMovedMs] = await Promise.all([namespaceBack, writeMoved]);
    await addCategory(region2.api, ADMIN_TOKEN);

    const datagenSummary = await datagenFinished(datagen);
    say(`datagen: ${datagenSummary}`);
    const outcome = await settleStore(database.container('events'), {
      outFiles,
      atCut,
      atRisk: (records) =>
        namespace1.linesBeforeAlias ? atRisk(records, one.hub, namespace1.linesBeforeAlias) : new Set(),
      settleMs: options.fast ? 5_000 : 20_000,
      timeoutMs: WAIT_MS,
    });
    say(`store settled: ${outcome.stored.size} orders stored`);
    const views = await checkViews(readers.views, outcome, WAIT_MS);
    say('views exact');
    await checkApiTotals(region2.api, views, 60_000);
    const categories = await checkCategoryCache(region2.api, database.container('catalog'), 60_000);
    say("region 2's api totals and category cache checked");
    stream.close();
    const exits = await region2.stop();
    say('region 2 stopped');
    load.end = loadavg()[0] ?? 0;
    return {
      options,
      datagen: datagenSummary,
      before,
      after,
      writeRegionMovedMs,
      namespaceBackMs: namespace1.atMs,
      checkpointsDeleted: namespace1.checkpointsDeleted,
      sent: outcome.sent.size,
      lostByHub: outcome.lostByHub,
      backlogMs: outcome.backlogStoredAt - cutAt,
      views,
      categories,
      exits,
      load,
    };
  } catch (err) {
    // What the surviving region's services said last is usually why.
    for (const service of REGION_SERVICES)
      for (const line of regions[1]?.logs(service).slice(-4) ?? []) say(`  region 2 ${service}: ${line}`);
    throw err;
  } finally {
    await Promise.allSettled(running.map((r) => r.stop()));
    client.dispose();
    await stack.stop();
  }
}

const ms = (value: number): string => `${(value / 1000).toFixed(1)} s`;
