import { hash } from 'node:crypto';
import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyReply } from 'fastify';

declare module 'fastify' {
  interface FastifyReply {
    /**
     * Sends `value` as the route's 200 JSON (its response schema's serializer), serialized once per object:
     * the same object sent again costs no serialization. With an ETag (the body's hash, so a rebuilt but equal
     * report keeps it) and `Cache-Control: no-cache`; a request whose If-None-Match names it gets a 304.
     */
    sendCached(value: object): FastifyReply;
  }
}

interface Body {
  /** The JSON as UTF-8 bytes: a string would be encoded again on every write (a fifth of the API's CPU). */
  json: Buffer;
  etag: string;
}

/** Whether an If-None-Match header names this ETag (weak comparison, as RFC 9110 asks for GET). */
export function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  if (ifNoneMatch === etag || ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((tag) => {
    const t = tag.trim();
    return (t.startsWith('W/') ? t.slice(2) : t) === etag;
  });
}

/**
 * Report bodies kept per report object. The reports hand out the same object while their views are
 * unchanged, so in steady state a request does no serialization and no encoding: the bytes are written as
 * they are (fastify skips its serializer for a Buffer).
 */
async function cachedBodies(app: FastifyInstance): Promise<void> {
  const bodies = new WeakMap<object, Body>();
  app.decorateReply('sendCached', function sendCached(this: FastifyReply, value: object): FastifyReply {
    let body = bodies.get(value);
    if (body === undefined) {
      const json = Buffer.from(this.serialize(value) as string);
      body = { json, etag: `"${hash('sha1', json, 'base64url')}"` };
      bodies.set(value, body);
    }
    void this.header('etag', body.etag).header('cache-control', 'no-cache');
    if (matchesEtag(this.request.headers['if-none-match'], body.etag)) return this.code(304).send();
    return this.type('application/json; charset=utf-8').send(body.json);
  });
}

export default fp(cachedBodies, { name: 'cached-bodies' });
