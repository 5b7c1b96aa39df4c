// Which slice of a container a feed or query request addresses, from the headers the SDK sends.
import { badRequest } from './errors.ts';
import type { PartitionKeyValue } from '../hashing/epk.ts';
import type { FeedScope } from '../feed/change-feed.ts';
import type { ContainerStore } from '../store/container.ts';
import { parsePartitionKeyHeader, partitionKeyJson } from '../store/partition-key.ts';
import { header, type RequestContext } from './context.ts';

export function pkHeader(ctx: RequestContext): PartitionKeyValue[] | undefined {
  const raw = header(ctx, 'x-ms-documentdb-partitionkey');
  return raw === undefined ? undefined : parsePartitionKeyHeader(raw);
}

/** Logical partition (pk header), physical range (range id header), optionally narrowed by EPK headers. */
export function scopeOf(store: ContainerStore, ctx: RequestContext): FeedScope {
  const pk = pkHeader(ctx);
  if (pk !== undefined) {
    const partition = store.partitionFor(pk, true);
    return { pkJson: partitionKeyJson(pk), range: partition?.range };
  }
  const scope: FeedScope = {};
  const rangeId = header(ctx, 'x-ms-documentdb-partitionkeyrangeid');
  if (rangeId !== undefined) {
    const id = rangeId.split(',').pop() ?? '';
    const index = store.ranges.findIndex((r) => r.id === id);
    if (index < 0) throw badRequest(`Partition key range '${rangeId}' does not exist.`);
    scope.range = index;
  }
  const minEpk = header(ctx, 'x-ms-start-epk');
  const maxEpk = header(ctx, 'x-ms-end-epk');
  if (minEpk !== undefined && maxEpk !== undefined) {
    scope.minEpk = minEpk;
    scope.maxEpk = maxEpk;
  }
  return scope;
}

/**
 * Session headers as the service sends them: `<range id>:-1#<lsn>` (our LSNs are container-wide, so the
 * container's current LSN), plus the container's rid and path so the SDK files the token under it.
 */
export function sessionHeaders(
  store: ContainerStore,
  ctx: RequestContext,
  range: number | undefined,
): Record<string, string> {
  const headers: Record<string, string> = {
    'x-ms-content-path': store.rid,
    'x-ms-alt-content-path': `dbs/${ctx.segments[1] ?? ''}/colls/${ctx.segments[3] ?? ''}`,
  };
  const id = range === undefined ? undefined : store.ranges[range]?.id;
  if (id !== undefined) headers['x-ms-session-token'] = `${id}:-1#${store.lsn}`;
  return headers;
}

export function maxItems(ctx: RequestContext, fallback: number): number {
  const n = Number(header(ctx, 'x-ms-max-item-count') ?? fallback);
  return Number.isFinite(n) && n > 0 ? Math.floor(n) : fallback;
}
