// The node:http front: reads the body, routes by path, turns CosmosErrors into the service's error replies.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Account } from '../store/account.ts';
import { CosmosError, badRequest, tooLarge } from './errors.ts';
import type { Reply, RequestContext } from './context.ts';
import { accountReply, containerRoute, databasesRoute, pkRangesReply } from './resources.ts';
import { docsRoute } from './items.ts';
import type { AccountRegions } from './regions.ts';
import { CONTROL_SEGMENT, controlRoute } from './region-control.ts';

/** Hard cap on request bodies; single items are held to 2 MB separately. */
const MAX_BODY_BYTES = 16 * 1024 * 1024;

/** Which region a listener serves: none for the global endpoint. */
export interface ServerRegion {
  regions: AccountRegions;
  region?: string;
}

function route(account: Account, ctx: RequestContext, where?: ServerRegion): Reply | Promise<Reply> {
  const s = ctx.segments;
  if (where && s[0] === CONTROL_SEGMENT && where.region === undefined)
    return controlRoute(where.regions, ctx);
  where?.regions.check(where.region, ctx);
  if (s.length === 0) {
    if (ctx.method === 'GET') return accountReply(ctx, where?.regions);
    throw new CosmosError(405, `Method ${ctx.method} is not allowed on the account.`);
  }
  let reply: Reply | Promise<Reply> | undefined;
  if (s[0] === 'dbs') {
    if (s.length <= 2) reply = databasesRoute(account, ctx);
    else if (s[2] === 'colls' && s.length <= 4) reply = containerRoute(account, ctx);
    else if (s[2] === 'colls' && s.length === 5 && s[4] === 'pkranges' && ctx.method === 'GET') {
      reply = pkRangesReply(account.container(s[1] ?? '', s[3] ?? ''), ctx);
    } else if (s[2] === 'colls' && s[4] === 'docs' && s.length <= 6) {
      reply = docsRoute(account.container(s[1] ?? '', s[3] ?? ''), ctx);
    } else {
      throw new CosmosError(404, `Unknown resource path: /${s.join('/')}`);
    }
  } else {
    throw new CosmosError(404, `Unknown resource path: /${s.join('/')}`);
  }
  if (!reply) throw new CosmosError(405, `Method ${ctx.method} is not allowed on /${s.join('/')}.`);
  return reply;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(tooLarge());
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function segmentsOf(url: string): string[] {
  const query = url.indexOf('?');
  const path = query === -1 ? url : url.slice(0, query);
  const segments: string[] = [];
  for (const s of path.split('/')) {
    if (s === '') continue;
    // Every request is routed: most segments (dbs, colls, docs, ids of plain characters) have no escape.
    if (!s.includes('%')) segments.push(s);
    else
      try {
        segments.push(decodeURIComponent(s));
      } catch {
        throw badRequest(`Invalid path segment: ${s}`);
      }
  }
  return segments;
}

function send(res: ServerResponse, reply: Reply): void {
  const headers: Record<string, string | number> = {
    'x-ms-request-charge': 1,
    'x-ms-activity-id': randomUUID(),
    ...reply.headers,
  };
  if ((reply.body === undefined && reply.raw === undefined) || reply.status === 304 || reply.status === 204) {
    res.writeHead(reply.status, headers);
    res.end();
    return;
  }
  // Encoded once: measuring the UTF-8 length of a string and then writing it walks it twice.
  const payload = Buffer.isBuffer(reply.raw)
    ? reply.raw
    : Buffer.from(reply.raw ?? JSON.stringify(reply.body));
  headers['content-type'] = 'application/json';
  headers['content-length'] = payload.length;
  res.writeHead(reply.status, headers);
  res.end(payload);
}

function errorReply(err: unknown): Reply {
  if (err instanceof CosmosError) {
    const headers: Record<string, string | number> = {};
    if (err.substatus !== undefined) headers['x-ms-substatus'] = err.substatus;
    return { status: err.status, body: { code: err.code, message: err.message }, headers };
  }
  return {
    status: 500,
    body: { code: 'InternalServerError', message: (err as Error)?.message ?? String(err) },
  };
}

export function createEmulatorServer(account: Account, logger: Logger, where?: ServerRegion): Server {
  return createServer((req, res) => {
    const started = performance.now();
    const handle = async (): Promise<Reply> => {
      const raw = await readBody(req);
      let body: unknown;
      if (raw.length > 0) {
        try {
          body = JSON.parse(raw.toString('utf8'));
        } catch {
          throw badRequest('The request body is not valid JSON.');
        }
      }
      const ctx: RequestContext = {
        method: req.method ?? 'GET',
        segments: segmentsOf(req.url ?? '/'),
        headers: req.headers,
        body,
        bodyBytes: raw.length,
        endpoint: `http://${req.headers.host ?? 'localhost'}/`,
        nowMs: Date.now(),
      };
      return route(account, ctx, where);
    };
    handle()
      .catch((err: unknown) => {
        const reply = errorReply(err);
        // 404/409/412 are routine answers (createIfNotExists, optimistic concurrency); the rest are worth a warning.
        if (![404, 409, 412].includes(reply.status)) {
          logger.warn(
            { status: reply.status, method: req.method, url: req.url, err: (err as Error)?.message },
            'request failed',
          );
        } else if (logger.isLevelEnabled('debug')) {
          logger.debug(
            { status: reply.status, method: req.method, url: req.url, err: (err as Error).message },
            'request rejected',
          );
        }
        return reply;
      })
      .then((reply) => {
        if (logger.isLevelEnabled('debug')) {
          logger.debug(
            { method: req.method, url: req.url, status: reply.status, ms: performance.now() - started },
            'request',
          );
        }
        account.beforeReply?.();
        if (!res.headersSent) send(res, reply);
      })
      .catch((err: unknown) => logger.warn({ err }, 'failed to send reply'));
  });
}
