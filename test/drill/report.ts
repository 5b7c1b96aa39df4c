// The drill's verdict as text: RPO (orders lost, against what the chosen option promises) and RTO (from the cut
// until an order placed after it is in every view, in the surviving api's reports and on its live stream). Pure.
import type { DrillResult } from './drill.ts';

export const rpoOf = (result: Pick<DrillResult, 'lostByHub'>): number =>
  Object.values(result.lostByHub).reduce((sum, n) => sum + n, 0);

export const rtoOf = (result: Pick<DrillResult, 'after'>): number =>
  Math.max(result.after.views, result.after.api, result.after.stream);

/** Geo-replication promises RPO 0; the Geo-DR alias promises nothing for unconsumed events (they are counted). */
export const rpoPromised = (result: Pick<DrillResult, 'options'>): number | undefined =>
  result.options.eventHubs === 'geo-replication' ? 0 : undefined;

/** Whether the drill passed: the views were checked exactly already; here the RPO against the promise. */
export function drillPassed(result: DrillResult): boolean {
  const promised = rpoPromised(result);
  const cleanExits = Object.values(result.exits).every((code) => code === 0);
  return (promised === undefined || rpoOf(result) <= promised) && cleanExits;
}

const s = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const dollars = (cents: number): string =>
  `$${(cents / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

export function formatReport(result: DrillResult): string[] {
  const o = result.options;
  const rpo = rpoOf(result);
  const promised = rpoPromised(result);
  const lost = Object.entries(result.lostByHub)
    .map(([hub, n]) => `${n} via ${hub}`)
    .join(', ');
  const timings = o.fast
    ? 'fast timings (ownership 3 s, leases 2 s, Cosmos region refresh 1 s)'
    : "the services' default timings (ownership 10 s, leases 5 s, Cosmos region refresh 30 s)";
  return [
    `# drill region --eventhubs ${o.eventHubs}: ${o.rate} orders/s for ${o.durationS} s, region 1 lost at ${o.cutAtS} s; ${timings}`,
    `  datagen: ${result.datagen}`,
    `  Cosmos write region in Region 2 ${s(result.writeRegionMovedMs)} after the cut (failover after ${s(o.cosmosFailoverAfterMs)}); ` +
      `region 1's namespace ${o.eventHubs === 'geo-replication' ? 'promoted' : 'alias moved'} at ${s(result.namespaceBackMs)}` +
      (o.eventHubs === 'geo-dr'
        ? ` (${result.checkpointsDeleted} checkpoints deleted, ingest restarted)`
        : ''),
    `  RPO: ${rpo} of ${result.sent} acknowledged orders lost${lost ? ` (${lost})` : ''}` +
      (promised === undefined
        ? ' — Geo-DR keeps metadata only: unconsumed events are lost, counted here'
        : ` (the option promises ${promised})`),
    `  RTO: ${s(rtoOf(result))} — an order placed after the cut in every view ${s(result.after.views)}, ` +
      `in region 2's api ${s(result.after.api)}, on its live stream ${s(result.after.stream)}`,
    result.backlogMs > 0
      ? `  the last order acknowledged before the cut was stored ${s(result.backlogMs)} after it (region 1's stranded backlog)`
      : '  every order acknowledged before the cut was already stored at the cut (nothing stranded)',
    `  before the cut the same probe took ${s(Math.max(result.before.views, result.before.api, result.before.stream))}`,
    `  views: exact to the cent against the ground truth (${result.views.orders} orders, ${dollars(result.views.revenueCents)}); ` +
      `region 2's api reports the same totals; its category cache = the catalog (${result.categories} categories)`,
    `  region 2 exits on SIGTERM: ${Object.entries(result.exits)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
    `  machine: load average ${result.load.start.toFixed(1)} at the start, ${result.load.end.toFixed(1)} at the end (shared)`,
    drillPassed(result) ? 'PASS' : 'FAIL',
  ];
}
