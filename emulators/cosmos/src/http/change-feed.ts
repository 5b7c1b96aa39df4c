// GET docs with A-IM: the change feed in latest-version or all-versions-and-deletes mode.
import { badRequest } from './errors.ts';
import { readAllVersions, readLatest, type FeedStart } from '../feed/change-feed.ts';
import type { ContainerStore } from '../store/container.ts';
import { feedBodyBytes } from '../feed/encoded-docs.ts';
import { header, type Reply, type RequestContext } from './context.ts';
import { maxItems, scopeOf, sessionHeaders } from './scope.ts';

/** Start point: If-None-Match `*` (now) or `"<lsn>"` (continuation), If-Modified-Since (time), else beginning. */
function feedStart(ctx: RequestContext): FeedStart {
  const ifNoneMatch = header(ctx, 'if-none-match');
  if (ifNoneMatch === '*') return { kind: 'now' };
  if (ifNoneMatch !== undefined && ifNoneMatch !== '') {
    const lsn = Number(ifNoneMatch.replace(/"/g, ''));
    if (!Number.isInteger(lsn) || lsn < 0) {
      throw badRequest(`Invalid change feed continuation: ${ifNoneMatch}`);
    }
    return { kind: 'lsn', lsn };
  }
  const since = header(ctx, 'if-modified-since');
  if (since !== undefined) {
    const ms = Date.parse(since);
    if (Number.isNaN(ms)) throw badRequest(`Invalid If-Modified-Since: ${since}`);
    return { kind: 'time', ms };
  }
  return { kind: 'beginning' };
}

export function changeFeed(store: ContainerStore, ctx: RequestContext, mode: string): Reply {
  const scope = scopeOf(store, ctx);
  const start = feedStart(ctx);
  const max = maxItems(ctx, 100);
  const allVersions = mode.toLowerCase() === 'full-fidelity feed';
  const page = allVersions
    ? readAllVersions(store, scope, start, max)
    : readLatest(store, scope, start, max, ctx.nowMs);
  const headers = { ...sessionHeaders(store, ctx, scope.range), etag: `"${page.lsn}"` };
  // The .NET SDK parses x-ms-item-count on every change feed reply, a 304 included.
  if (page.items.length === 0) return { status: 304, headers: { ...headers, 'x-ms-item-count': 0 } };
  return {
    status: 200,
    raw: feedBodyBytes(store.rid, 'Documents', page.items),
    headers: { ...headers, 'x-ms-item-count': page.items.length },
  };
}
