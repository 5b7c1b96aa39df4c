// Document routes: point operations, queries, query plans, bulk/batch and the change feed.
import { badRequest, tooLarge } from './errors.ts';
import { changeFeed } from './change-feed.ts';
import { maxItems, pkHeader, scopeOf, sessionHeaders } from './scope.ts';
import type { QuerySpec } from '../query/engine.ts';
import { queryPage } from '../query/paging.ts';
import { queryPlan } from '../query/plan.ts';
import { StoredJson, type OpenSource } from '../query/source.ts';
import type { ContainerStore } from '../store/container.ts';
import { executeBatch, executeBulk, executeOne, partitionForOperation } from '../store/operations.ts';
import type { Doc, ItemOperation, OperationResult } from '../store/types.ts';
import { flag, header, rawFeedBody, type Reply, type RequestContext } from './context.ts';
import { parseBatchOperations } from './batch-format.ts';

export const MAX_ITEM_BYTES = 2 * 1024 * 1024;

function itemReply(result: OperationResult): Reply {
  const headers: Record<string, string> = {};
  if (result.etag) headers.etag = result.etag;
  return {
    status: result.status,
    raw: result.status === 304 || result.status === 204 ? undefined : result.json,
    headers,
  };
}

async function query(store: ContainerStore, ctx: RequestContext, spec: QuerySpec): Promise<Reply> {
  if (typeof spec?.query !== 'string') throw badRequest('The query body must have a "query" string.');
  const scope = scopeOf(store, ctx);
  const snapshot: OpenSource = (equalities) => store.snapshot(scope, ctx.nowMs, equalities);
  const page = await queryPage(
    spec,
    snapshot,
    maxItems(ctx, 1000),
    header(ctx, 'x-ms-continuation'),
    ctx.nowMs,
  );
  const headers: Record<string, string | number> = {
    ...sessionHeaders(store, ctx, scope.range),
    'x-ms-item-count': page.items.length,
  };
  if (page.continuation) headers['x-ms-continuation'] = page.continuation;
  // `SELECT *` rows are stored documents as text (StoredJson): spliced in, not parsed and re-encoded.
  const items = page.items.map((item) => (item instanceof StoredJson ? item.text : JSON.stringify(item)));
  return { status: 200, raw: rawFeedBody(store.rid, 'Documents', items), headers };
}

function batch(store: ContainerStore, ctx: RequestContext): Reply {
  // The service caps a batch request at 2 MB like a single item (the SDK splits bulk work well below that).
  if (ctx.bodyBytes > MAX_ITEM_BYTES) throw tooLarge();
  const ops = parseBatchOperations(ctx.body);
  let results: OperationResult[];
  if (flag(ctx, 'x-ms-cosmos-batch-atomic')) {
    const pk = pkHeader(ctx);
    if (pk === undefined) throw badRequest('A transactional batch requires the partition key header.');
    if (ops.length > 100) throw badRequest('A transactional batch cannot have more than 100 operations.');
    results = executeBatch(
      store,
      ops.map((o) => o.op),
      store.partitionFor(pk, true)!,
      ctx.nowMs,
    );
  } else {
    results = executeBulk(store, ops, ctx.nowMs);
  }
  // `Prefer: return=minimal` (the SDK's contentResponseOnWriteEnabled: false) leaves the written documents
  // out of the results, as the service does: a writer that only needs the status is not sent its own
  // documents back. Reads still carry theirs.
  const minimal = header(ctx, 'prefer')?.toLowerCase() === 'return=minimal';
  // Built as text: the documents are JSON text already, and a bulk request carries up to 100 of them.
  const parts = results.map((r, i) => {
    let out = `{"statusCode":${r.status},"requestCharge":1`;
    if (r.etag) out += `,"eTag":${JSON.stringify(r.etag)}`;
    const written = ops[i]?.op.kind !== 'read';
    if (r.json && r.status !== 204 && !(minimal && written)) out += `,"resourceBody":${r.json}`;
    if (r.message) out += `,"message":${JSON.stringify(r.message)}`;
    return `${out}}`;
  });
  const failed = results.some((r) => r.status >= 400);
  return { status: failed ? 207 : 200, raw: `[${parts.join(',')}]` };
}

function objectBody(ctx: RequestContext): Doc {
  if (ctx.bodyBytes > MAX_ITEM_BYTES) throw tooLarge();
  if (ctx.body === null || typeof ctx.body !== 'object' || Array.isArray(ctx.body)) {
    throw badRequest('The request body must be a JSON object.');
  }
  return ctx.body as Doc;
}

function point(store: ContainerStore, ctx: RequestContext, op: ItemOperation): Reply {
  const partition = partitionForOperation(store, op, pkHeader(ctx));
  const reply = itemReply(executeOne(store, op, partition, ctx.nowMs));
  return { ...reply, headers: { ...reply.headers, ...sessionHeaders(store, ctx, partition.range) } };
}

export function docsRoute(store: ContainerStore, ctx: RequestContext): Reply | Promise<Reply> | undefined {
  const id = ctx.segments[5];
  const ifMatch = header(ctx, 'if-match');
  if (id === undefined) {
    if (ctx.method === 'GET') {
      const mode = header(ctx, 'a-im');
      if (mode !== undefined) return changeFeed(store, ctx, mode);
      return query(store, ctx, { query: 'SELECT * FROM c' });
    }
    if (ctx.method !== 'POST') return undefined;
    if (flag(ctx, 'x-ms-cosmos-is-query-plan-request')) {
      const spec = ctx.body as QuerySpec;
      if (typeof spec?.query !== 'string') throw badRequest('The query body must have a "query" string.');
      return { status: 200, body: queryPlan(spec.query) };
    }
    if (
      flag(ctx, 'x-ms-documentdb-isquery') ||
      header(ctx, 'content-type')?.startsWith('application/query+json')
    ) {
      return query(store, ctx, ctx.body as QuerySpec);
    }
    if (flag(ctx, 'x-ms-cosmos-is-batch-request')) return batch(store, ctx);
    const body = objectBody(ctx);
    const upsert = flag(ctx, 'x-ms-documentdb-is-upsert');
    return point(store, ctx, upsert ? { kind: 'upsert', body, ifMatch } : { kind: 'create', body });
  }
  switch (ctx.method) {
    case 'GET':
      return point(store, ctx, { kind: 'read', id, ifNoneMatch: header(ctx, 'if-none-match') });
    case 'PUT':
      return point(store, ctx, { kind: 'replace', id, body: objectBody(ctx), ifMatch });
    case 'DELETE':
      return point(store, ctx, { kind: 'delete', id, ifMatch });
    case 'PATCH':
      if (ctx.bodyBytes > MAX_ITEM_BYTES) throw tooLarge();
      return point(store, ctx, { kind: 'patch', id, patch: ctx.body, ifMatch });
    default:
      return undefined;
  }
}
