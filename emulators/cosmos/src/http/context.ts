// The request as handlers see it, and the reply they build.
import type { IncomingHttpHeaders } from 'node:http';

export interface RequestContext {
  method: string;
  segments: string[];
  headers: IncomingHttpHeaders;
  body: unknown;
  bodyBytes: number;
  /** Endpoint as the client addressed us (from the Host header), e.g. http://localhost:8081/ */
  endpoint: string;
  nowMs: number;
}

export interface Reply {
  status: number;
  body?: unknown;
  /** The body as JSON already (stored documents are kept as text), text or UTF-8: sent as is instead of `body`. */
  raw?: string | Buffer;
  headers?: Record<string, string | number>;
}

export function header(ctx: RequestContext, name: string): string | undefined {
  const v = ctx.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

export function flag(ctx: RequestContext, name: string): boolean {
  return header(ctx, name)?.toLowerCase() === 'true';
}

export function feedBody(rid: string, key: string, items: unknown[]): Record<string, unknown> {
  return { _rid: rid, [key]: items, _count: items.length };
}

/** `feedBody` for items that are JSON text already. */
export function rawFeedBody(rid: string, key: string, items: string[]): string {
  return `{"_rid":${JSON.stringify(rid)},${JSON.stringify(key)}:[${items.join(',')}],"_count":${items.length}}`;
}
