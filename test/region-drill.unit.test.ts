// The regional drill's pure parts: its options, the two regions' configuration, the probe checks, the verdict.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateOrder } from '@marquee/domain';
import { expectedViews } from '../services/projector/test/support/ground-truth.ts';
import { DRILL_DEFAULTS, parseDrillArgs } from './drill/options.ts';
import {
  probeBody,
  probeKeys,
  probeOrder,
  reportsMissingProbes,
  streamShowsProbes,
  viewsMissingProbes,
} from './drill/probe.ts';
import { regionEnv, REGION_SERVICES, type SharedEndpoints } from './drill/region-env.ts';
import { formatReport, rpoOf, rtoOf, drillPassed } from './drill/report.ts';
import type { DrillResult } from './drill/drill.ts';

test('options: defaults, each flag, and every problem named at once', () => {
  assert.deepEqual(parseDrillArgs(['region']), { kind: 'run', options: DRILL_DEFAULTS });
  const run = parseDrillArgs([
    'region',
    '--eventhubs',
    'geo-dr',
    '--rate',
    '50',
    '--duration',
    '20',
    '--cut-at',
    '8',
    '--fast',
  ]);
  assert.equal(run.kind, 'run');
  if (run.kind === 'run')
    assert.deepEqual(
      [run.options.eventHubs, run.options.rate, run.options.cutAtS, run.options.fast],
      ['geo-dr', 50, 8, true],
    );
  const bad = parseDrillArgs(['zone', '--eventhubs', 'kafka', '--rate', '0']);
  assert.equal(bad.kind, 'error');
  if (bad.kind === 'error') assert.equal(bad.problems.length, 3, bad.problems.join('; '));
  const late = parseDrillArgs(['region', '--duration', '10', '--cut-at', '10']);
  assert.equal(late.kind, 'error');
  assert.deepEqual(parseDrillArgs(['--help']), { kind: 'help' });
});

const shared: SharedEndpoints = {
  cosmos: 'AccountEndpoint=http://127.0.0.1:1/;AccountKey=k;',
  storage: 'UseDevelopmentStorage=true',
  regions: [
    { name: 'Region 1', hub: 'orders-region1', eventHubs: 'eh1', redis: 'redis://1' },
    { name: 'Region 2', hub: 'orders-region2', eventHubs: 'eh2', redis: 'redis://2' },
  ],
};

test('each region prefers its own Cosmos region, has its own names and Redis, and its ingest reads both hubs', () => {
  const [one, two] = ([0, 1] as const).map((i) =>
    Object.fromEntries(REGION_SERVICES.map((s) => [s, regionEnv(shared, i, s, false)])),
  ) as [Record<string, Record<string, string>>, Record<string, Record<string, string>>];
  assert.equal(one.api?.COSMOS_PREFERRED_REGIONS, 'Region 1,Region 2');
  assert.equal(two.api?.COSMOS_PREFERRED_REGIONS, 'Region 2,Region 1');
  assert.notEqual(one.projector?.INSTANCE_NAME, two.projector?.INSTANCE_NAME);
  assert.notEqual(
    one['cache-sync']?.PROCESSOR_NAME,
    two['cache-sync']?.PROCESSOR_NAME,
    'each Redis is filled by its own cache-sync',
  );
  assert.deepEqual([one.api?.REDIS_URL, two['cache-sync']?.REDIS_URL], ['redis://1', 'redis://2']);
  assert.equal(two.ingest?.EVENTHUB_NAMES, 'orders-region1,orders-region2');
  assert.equal(two.ingest?.EVENTHUB_CONNECTION_STRING__ORDERS_REGION1, 'eh1');
  assert.equal(two.ingest?.EVENTHUB_CONNECTION_STRING__ORDERS_REGION2, 'eh2');
  assert.equal(one.ingest?.COSMOS_ENDPOINT_REFRESH_MS, undefined, 'production timings unless --fast');
  assert.equal(regionEnv(shared, 0, 'ingest', true).COSMOS_ENDPOINT_REFRESH_MS, '1000');
});

test('probes are valid orders whose keys no datagen order touches, found in views, reports and the stream', () => {
  const started = new Date('2026-11-30T07:10:00Z');
  const bodies = [probeBody('run', 0, started), probeBody('run', 1, started)];
  for (const body of bodies) assert.equal(validateOrder(body, { now: started }).ok, true);
  const keys = probeKeys(expectedViews(bodies.map(probeOrder)));
  assert.deepEqual(Object.keys(keys.hours), ['2026-11-29T05', '2026-11-29T06']);
  assert.deepEqual(keys.unknown, { unitsSold: 2, orders: 2, revenue: 246 });

  const datagenOnly = expectedViews([]);
  assert.deepEqual(viewsMissingProbes(datagenOnly, keys), [
    'top-movies',
    'categories',
    'orders-hour',
    'orders-day',
  ]);
  assert.deepEqual(viewsMissingProbes(expectedViews(bodies.map(probeOrder)), keys), []);
  const oneProbe = expectedViews([probeOrder(bodies[0] ?? '')]);
  assert.deepEqual(viewsMissingProbes(oneProbe, keys), [
    'top-movies',
    'categories',
    'orders-hour',
    'orders-day',
  ]);
  const keysOfFirst = probeKeys(oneProbe);
  assert.deepEqual(
    viewsMissingProbes(expectedViews(bodies.map(probeOrder)), keysOfFirst),
    [],
    'a later probe hides none',
  );

  const categories = { items: [{ categoryId: 0, orders: 2, unitsSold: 2 }] };
  const reports = {
    categories,
    hourly: {
      series: [
        { hour: '2026-11-29T05', orders: 1, units: 1 },
        { hour: '2026-11-29T06', orders: 1, units: 1 },
      ],
    },
    daily: { series: [{ date: '2026-11-29', orders: 2, units: 2 }] },
  };
  assert.deepEqual(reportsMissingProbes(reports, keys), []);
  assert.deepEqual(reportsMissingProbes({ ...reports, daily: { series: [] } }, keys), ['daily']);
  assert.equal(streamShowsProbes({ categories }, keys), true);
  assert.equal(
    streamShowsProbes({ categories: { items: [{ categoryId: 0, orders: 1, unitsSold: 1 }] } }, keys),
    false,
  );
});

test('the verdict: RPO against what the option promises, RTO the slowest reader after the cut', () => {
  const result: DrillResult = {
    options: DRILL_DEFAULTS,
    datagen: 'done: sent=10',
    before: { views: 500, api: 600, stream: 700 },
    after: { views: 9_000, api: 9_500, stream: 12_000 },
    writeRegionMovedMs: 5_100,
    namespaceBackMs: 10_000,
    backlogMs: 30_000,
    checkpointsDeleted: 0,
    sent: 10,
    lostByHub: {},
    views: { orders: 10, revenueCents: 12_345 },
    categories: 20,
    exits: { ingest: 0, api: 0 },
    load: { start: 1, end: 2 },
  };
  assert.equal(rtoOf(result), 12_000);
  assert.equal(drillPassed(result), true);
  assert.match(
    formatReport(result).join('\n'),
    /RPO: 0 of 10 .*promises 0\)[\s\S]*RTO: 12\.0 s[\s\S]*\$123\.45[\s\S]*PASS/,
  );
  const lossy = { ...result, lostByHub: { 'orders-region1': 3 } };
  assert.equal(rpoOf(lossy), 3);
  assert.equal(drillPassed(lossy), false, 'geo-replication promises 0');
  const geoDr = { ...lossy, options: { ...DRILL_DEFAULTS, eventHubs: 'geo-dr' as const } };
  assert.equal(drillPassed(geoDr), true, 'Geo-DR losses are counted, not a failure');
  assert.match(
    formatReport(geoDr).join('\n'),
    /RPO: 3 of 10 acknowledged orders lost \(3 via orders-region1\)/,
  );
});
