// Account, database, container and partition key range routes.
import { badRequest } from './errors.ts';
import type { Account } from '../store/account.ts';
import type { ContainerStore } from '../store/container.ts';
import type { Doc } from '../store/types.ts';
import { feedBody, type Reply, type RequestContext } from './context.ts';
import type { AccountRegions } from './regions.ts';

/**
 * Query limits the service announces with the account. The .NET SDK refuses to run any query without them
 * (it reads them before asking the gateway for a query plan); the JS SDK ignores them. A JSON string, as sent.
 */
const QUERY_ENGINE_CONFIGURATION = JSON.stringify({
  maxSqlQueryInputLength: 262144,
  maxJoinsPerSqlQuery: 5,
  maxLogicalAndPerSqlQuery: 500,
  maxLogicalOrPerSqlQuery: 500,
  maxUdfRefPerSqlQuery: 10,
  maxInExpressionItemsCount: 16000,
  queryMaxInMemorySortDocumentCount: 500,
  maxQueryRequestTimeoutFraction: 0.9,
  sqlAllowNonFiniteNumbers: false,
  sqlAllowAggregateFunctions: true,
  sqlAllowSubQuery: true,
  sqlAllowScalarSubQuery: true,
  allowNewKeywords: true,
  sqlAllowLike: false,
  sqlAllowGroupByClause: false,
  maxSpatialQueryCells: 12,
  spatialMaxGeometryPointCount: 256,
  sqlAllowTop: true,
  enableSpatialIndexing: true,
});

export function accountReply(ctx: RequestContext, regions?: AccountRegions): Reply {
  const location = { name: 'Emulator', databaseAccountEndpoint: ctx.endpoint };
  const locations = regions?.locations() ?? { writableLocations: [location], readableLocations: [location] };
  return {
    status: 200,
    body: {
      _self: '',
      id: 'marquee-cosmos-emulator',
      _rid: 'marquee-cosmos-emulator.documents.local',
      media: '//media/',
      addresses: '//addresses/',
      _dbs: '//dbs/',
      ...locations,
      enableMultipleWriteLocations: false,
      enablePerPartitionFailoverBehavior: false,
      userReplicationPolicy: { asyncReplication: false, minReplicaSetSize: 1, maxReplicasetSize: 4 },
      userConsistencyPolicy: { defaultConsistencyLevel: 'Session' },
      systemReplicationPolicy: { minReplicaSetSize: 1, maxReplicasetSize: 4 },
      readPolicy: { primaryReadCoefficient: 1, secondaryReadCoefficient: 1 },
      queryEngineConfiguration: QUERY_ENGINE_CONFIGURATION,
    },
  };
}

/** A database or container with its etag as a header too, where the .NET SDK reads it. */
function resourceReply(status: number, resource: Doc): Reply {
  return { status, body: resource, headers: { etag: String(resource._etag) } };
}

function objectBody(ctx: RequestContext): Doc {
  if (ctx.body === null || typeof ctx.body !== 'object' || Array.isArray(ctx.body)) {
    throw badRequest('The request body must be a JSON object.');
  }
  return ctx.body as Doc;
}

export function databasesRoute(account: Account, ctx: RequestContext): Reply | undefined {
  const [, dbId] = ctx.segments;
  if (dbId === undefined) {
    if (ctx.method === 'GET') {
      const list = [...account.databases.values()].map((d) => d.resource);
      return {
        status: 200,
        body: feedBody('', 'Databases', list),
        headers: { 'x-ms-item-count': list.length },
      };
    }
    if (ctx.method === 'POST') return resourceReply(201, account.createDatabase(objectBody(ctx)));
    return undefined;
  }
  if (ctx.method === 'GET') return resourceReply(200, account.database(dbId).resource);
  if (ctx.method === 'DELETE') {
    account.deleteDatabase(dbId);
    return { status: 204 };
  }
  return undefined;
}

export function containerRoute(account: Account, ctx: RequestContext): Reply | undefined {
  const [, dbId = '', , collId] = ctx.segments;
  if (collId === undefined) {
    const db = account.database(dbId);
    if (ctx.method === 'GET') {
      const list = [...db.containers.values()].map((c) => c.resource);
      return { status: 200, body: feedBody(String(db.resource._rid), 'DocumentCollections', list) };
    }
    if (ctx.method === 'POST')
      return resourceReply(201, account.createContainer(dbId, objectBody(ctx)).resource);
    return undefined;
  }
  if (ctx.method === 'GET') return resourceReply(200, account.container(dbId, collId).resource);
  if (ctx.method === 'PUT')
    return resourceReply(200, account.replaceContainer(dbId, collId, objectBody(ctx)).resource);
  if (ctx.method === 'DELETE') {
    account.deleteContainer(dbId, collId);
    return { status: 204 };
  }
  return undefined;
}

export function pkRangesReply(store: ContainerStore, ctx: RequestContext): Reply {
  const etag = `"${store.ranges.length}"`;
  if (ctx.headers['a-im'] !== undefined && ctx.headers['if-none-match'] === etag) {
    return { status: 304, headers: { etag } };
  }
  const ranges = store.ranges.map((r) => ({
    id: r.id,
    _rid: store.rid,
    minInclusive: r.minInclusive,
    maxExclusive: r.maxExclusive,
    ridPrefix: Number(r.id),
    _self: `${String(store.resource._self)}pkranges/${r.id}/`,
    throughputFraction: 1 / store.ranges.length,
    status: 'online',
    parents: [],
    _etag: `"pkrange-${r.id}"`,
    _ts: store.resource._ts,
  }));
  return { status: 200, body: feedBody(store.rid, 'PartitionKeyRanges', ranges), headers: { etag } };
}
