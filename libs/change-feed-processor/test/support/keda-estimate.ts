// KEDA's built-in `azure-cosmosdb` scaler's lag estimate (kedacore/keda pkg/scalers/azure_cosmosdb_scaler.go),
// redone over the official JS SDK so a test can ask: what would KEDA compute from Marquee's lease documents?
//
// Its rules, as read from the scaler's source:
// - leases: documents whose id starts with `processorName + accountShortName + "."` (the first DNS label of the
//   data endpoint's host, then the dot that follows it in `<processor><host>_<rids>..<token>`), that have a
//   `LeaseToken`; version 1 needs `FeedRange.Range` with uppercase-hex bounds, min < max <= "FF"; a
//   `ContinuationToken` starting with `"` is the server ETag to resume from (none: from the beginning);
// - per lease: read the feed after that ETag, one item; 304 → lag 0; else lag = session-token LSN − the first
//   item's `_lsn` + 1 (session token `<range>:<lsn>` or `<range>:<local>#<global>`, global wins);
// - total lag = sum; active leases = leases with lag > 0; the metric = min(total lag, active × threshold).
import { ChangeFeedStartFrom, type Container } from '@azure/cosmos';
import { sdkContinuation } from '../../src/lease/index.ts';

interface KedaLease {
  id: string;
  LeaseToken: string;
  ContinuationToken?: string | null;
  version?: number;
  FeedRange?: { Range?: { min?: string; max?: string } };
}

export interface KedaEstimate {
  readonly leases: number;
  readonly lagByLease: ReadonlyMap<string, number>;
  readonly totalLag: number;
  readonly activeLeases: number;
  /** The value KEDA reports for the HPA (without maxActiveLeasesPerReplica). */
  readonly metric: number;
}

export function accountShortName(endpoint: string): string {
  const host = new URL(endpoint).hostname;
  const dot = host.indexOf('.');
  return dot < 0 ? host : host.slice(0, dot);
}

function validEpkRange(min: unknown, max: unknown): min is string {
  return (
    typeof min === 'string' &&
    typeof max === 'string' &&
    /^[0-9A-F]*$/.test(min + max) &&
    min < max &&
    max <= 'FF'
  );
}

export async function kedaEstimate(
  scope: { leases: Container; monitored: Container; processorName: string; endpoint: string },
  threshold: number,
): Promise<KedaEstimate> {
  const prefix = `${scope.processorName}${accountShortName(scope.endpoint)}.`;
  const { resources } = await scope.leases.items
    .query<KedaLease>({
      query: 'SELECT * FROM c WHERE STARTSWITH(c.id, @prefix)',
      parameters: [{ name: '@prefix', value: prefix }],
    })
    .fetchAll();
  const leases = resources.filter((d) => typeof d.LeaseToken === 'string' && d.LeaseToken !== '');
  const { resource: container } = await scope.monitored.read();
  const lagByLease = new Map<string, number>();
  for (const lease of leases) {
    if (lease.version !== 1) throw new Error(`lease ${lease.id}: KEDA needs version 1 here`);
    const { min, max } = lease.FeedRange?.Range ?? {};
    if (!validEpkRange(min, max)) throw new Error(`lease ${lease.id}: KEDA rejects its FeedRange`);
    const etag = lease.ContinuationToken ?? '';
    if (etag !== '' && !etag.startsWith('"')) throw new Error(`lease ${lease.id}: not a server ETag`);
    const range = { minInclusive: min, maxExclusive: max as string };
    const start =
      etag === ''
        ? ChangeFeedStartFrom.Beginning(await feedRangeOf(scope.monitored, range))
        : ChangeFeedStartFrom.Continuation(sdkContinuation(container!._rid, range, etag));
    const page = await scope.monitored.items
      .getChangeFeedIterator<{ _lsn?: number }>({ maxItemCount: 1, changeFeedStartFrom: start })
      .readNext();
    if (page.statusCode === 304 || page.result.length === 0) {
      lagByLease.set(lease.LeaseToken, 0);
      continue;
    }
    const afterColon = (page.sessionToken ?? '').slice((page.sessionToken ?? '').indexOf(':') + 1);
    const [local, global] = afterColon.split('#');
    const sessionLsn = Number(global ?? local);
    lagByLease.set(lease.LeaseToken, sessionLsn - Number(page.result[0]!._lsn) + 1);
  }
  const lags = [...lagByLease.values()];
  const totalLag = lags.reduce((a, b) => a + b, 0);
  const activeLeases = lags.filter((l) => l > 0).length;
  return {
    leases: leases.length,
    lagByLease,
    totalLag,
    activeLeases,
    metric: activeLeases > 0 ? Math.min(totalLag, activeLeases * threshold) : totalLag,
  };
}

async function feedRangeOf(monitored: Container, range: { minInclusive: string; maxExclusive: string }) {
  const ranges = await monitored.getFeedRanges();
  const found = ranges.find(
    (r) => r.minInclusive === range.minInclusive && r.maxExclusive === range.maxExclusive,
  );
  if (found === undefined) throw new Error('lease range is not a physical range');
  return found;
}
